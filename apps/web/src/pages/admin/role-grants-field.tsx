// Edits a user's role grants: each a role, and for liaison officers and supervisors the region at the root of their
// scope (the API's rule). Regions are offered from the grants of existing users; an id can be typed in too.
import { Button, Flex, Form, Select } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { ROLES, type NamedRef, type Role } from '../../api/types';
import { RefSelect } from '../../components/ref-select';
import { useI18n } from '../../i18n/i18n';

export const SCOPED_ROLES: readonly Role[] = ['liaison', 'supervisor'];

export function RoleGrantsField({ regions }: { regions: NamedRef[] }) {
  const { t } = useI18n();
  return (
    <Form.List
      name="roles"
      rules={[
        {
          validator: (_rule, value: unknown[] | undefined) =>
            value && value.length > 0
              ? Promise.resolve()
              : Promise.reject(new Error(t('form.requiredSelect', { field: t('admin.roles') }))),
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <fieldset style={{ border: 0, padding: 0, margin: '0 0 16px' }}>
          <legend style={{ fontSize: 14, marginBottom: 8 }}>{t('admin.roles')}</legend>
          {fields.map((field) => (
            <Flex key={field.key} gap={8} align="start" wrap>
              <Form.Item
                name={[field.name, 'role']}
                rules={[{ required: true, message: t('form.requiredSelect', { field: t('admin.roles') }) }]}
                style={{ minWidth: 130, flex: '1 1 130px' }}
              >
                <Select
                  aria-label={t('admin.roles')}
                  options={ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }))}
                />
              </Form.Item>
              <Form.Item noStyle dependencies={[['roles', field.name, 'role']]}>
                {({ getFieldValue }) =>
                  SCOPED_ROLES.includes(getFieldValue(['roles', field.name, 'role']) as Role) ? (
                    <Form.Item
                      name={[field.name, 'regionId']}
                      rules={[{ required: true, message: t('admin.regionRequired') }]}
                      style={{ minWidth: 160, flex: '2 1 160px' }}
                    >
                      <RefSelect known={regions} aria-label={t('admin.region')} />
                    </Form.Item>
                  ) : null
                }
              </Form.Item>
              <Button
                aria-label={t('admin.removeRole')}
                icon={<DeleteOutlined aria-hidden />}
                onClick={() => remove(field.name)}
                disabled={fields.length === 1}
              />
            </Flex>
          ))}
          <Button type="dashed" icon={<PlusOutlined aria-hidden />} onClick={() => add({ role: 'deputy' })}>
            {t('admin.addRole')}
          </Button>
          <Form.ErrorList errors={errors} />
        </fieldset>
      )}
    </Form.List>
  );
}
