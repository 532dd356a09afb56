// Form rules that mirror the API's validation (apps/api/src/**/*.dto.ts), so most mistakes are caught before a
// request; what only the server can know still comes back as field errors (see api-form.tsx).
import type { Rule } from 'antd/es/form';
import type { Translate } from '../i18n/i18n';
import { isResidentIdNumber, isVoterPhone } from './voter-formats';

export { USERNAME_PATTERN } from './voter-formats';

const blank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && !value.trim());

export function makeRules(t: Translate) {
  return {
    /** Required text: present and not only spaces (the API's @NotBlank). */
    text: (field: string, max: number): Rule[] => [
      { required: true, whitespace: true, message: t('form.required', { field }) },
      { max, message: t('form.maxLength', { field, max }) },
    ],
    optionalText: (field: string, max: number): Rule[] => [
      { max, message: t('form.maxLength', { field, max }) },
      {
        validator: (_rule, value: unknown) =>
          value && typeof value === 'string' && !value.trim()
            ? Promise.reject(new Error(t('form.notBlank', { field })))
            : Promise.resolve(),
      },
    ],
    select: (field: string): Rule[] => [{ required: true, message: t('form.requiredSelect', { field }) }],
    phone: (): Rule[] => [
      {
        validator: (_rule, value: unknown) =>
          blank(value) || isVoterPhone(String(value)) ? Promise.resolve() : Promise.reject(new Error(t('form.phone'))),
      },
    ],
    idNumber: (): Rule[] => [
      {
        validator: (_rule, value: unknown) =>
          blank(value) || isResidentIdNumber(String(value))
            ? Promise.resolve()
            : Promise.reject(new Error(t('form.idNumber'))),
      },
    ],
  };
}
