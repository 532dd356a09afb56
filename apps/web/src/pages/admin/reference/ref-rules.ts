// Form rules for reference data, mirroring apps/api/src/admin/*.dto.ts so that most mistakes are caught before a
// request; what only the server knows (a code already used, a region still in use) comes back as field errors.
import type { Rule } from 'antd/es/form';
import { makeRules } from '../../../components/rules';
import type { Translate } from '../../../i18n/i18n';

/** Codes are stable, URL- and mail-safe keys: lower-case letters and digits, with dot, dash or underscore inside. */
export const CODE_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const CODE_MAX = 64;
export const NAME_MAX = 100;
/** A calendar day's name (国庆节). */
export const DAY_NAME_MAX = 50;
export const EMAIL_MAX = 254;
/** Employer and post. */
export const TEXT_MAX = 200;
export const PHONE_MAX = 32;
/** A deputy's public contact: any office, mobile or switchboard number, so looser than a voter's phone. */
export const PHONE_PATTERN = /^\+?[0-9][0-9 -]{2,30}$/;
export const PRIORITY_MIN = -1000;
export const PRIORITY_MAX = 1000;

export function refRules(t: Translate) {
  const base = makeRules(t);
  return {
    ...base,
    code: (): Rule[] => [
      { required: true, message: t('form.required', { field: t('ref.code') }) },
      { max: CODE_MAX, message: t('form.maxLength', { field: t('ref.code'), max: CODE_MAX }) },
      { pattern: CODE_PATTERN, message: t('ref.codeFormat') },
    ],
    deputyPhone: (): Rule[] => [
      { required: true, whitespace: true, message: t('form.required', { field: t('ref.phone') }) },
      { pattern: PHONE_PATTERN, message: t('ref.phoneFormat') },
    ],
    email: (): Rule[] => [
      { required: true, message: t('form.required', { field: t('ref.email') }) },
      { type: 'email', message: t('form.email') },
      { max: EMAIL_MAX, message: t('form.maxLength', { field: t('ref.email'), max: EMAIL_MAX }) },
    ],
  };
}
