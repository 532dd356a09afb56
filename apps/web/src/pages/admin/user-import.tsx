// Bulk import of deputies and users on the users page: download the template, upload the filled-in file (checked
// first: the report lists every bad cell), confirm, and see each new user's one-time password this once.
import { useState } from 'react';
import { Alert, App as AntApp, Button, Flex, Modal, Space, Table, Typography, Upload } from 'antd';
import { DownloadOutlined, ImportOutlined, UploadOutlined } from '@ant-design/icons';
import { toApiError } from '../../api/use-api';
import { downloadImportTemplate, importUsers, type ImportProblem, type ImportReport } from '../../api/user-import';
import { localizeApiMessage } from '../../i18n/api-messages';
import { useI18n } from '../../i18n/i18n';
import { IMPORT_API_ZH } from '../../i18n/messages-import';
import { errorText } from '../../components/states';

function localizeProblem(lang: 'zh' | 'en', message: string): string {
  if (lang === 'zh') {
    for (const [pattern, replacement] of IMPORT_API_ZH) {
      const match = pattern.exec(message);
      if (match) return typeof replacement === 'string' ? replacement : replacement(...match.slice(1));
    }
  }
  return localizeApiMessage(lang, message);
}

export function UserImportButton({ onImported }: { onImported: () => void }) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<File>();
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ImportReport>();
  const [error, setError] = useState<string>();

  function close() {
    if (report && !report.dryRun) onImported();
    setOpen(false);
    setFile(undefined);
    setReport(undefined);
    setError(undefined);
  }

  async function run(chosen: File, dryRun: boolean) {
    setBusy(true);
    setError(undefined);
    try {
      setReport(await importUsers(chosen, chosen.name, dryRun));
    } catch (caught) {
      // The import's own refusals (a file that is no workbook, too large, taken meanwhile) in the user's language.
      setError(localizeProblem(lang, errorText(t, toApiError(caught), lang)));
      setReport(undefined);
    } finally {
      setBusy(false);
    }
  }

  async function template() {
    try {
      await downloadImportTemplate();
    } catch (caught) {
      message.error(errorText(t, toApiError(caught), lang));
    }
  }

  const imported = report && !report.dryRun;
  return (
    <>
      <Button icon={<ImportOutlined aria-hidden />} onClick={() => setOpen(true)}>
        {t('import.open')}
      </Button>
      <Modal
        open={open}
        title={t('import.title')}
        width={760}
        onCancel={close}
        maskClosable={false}
        destroyOnHidden
        footer={
          imported ? (
            <Button type="primary" onClick={close}>
              {t('import.noted')}
            </Button>
          ) : (
            <Space>
              <Button onClick={close}>{t('app.cancel')}</Button>
              <Button
                type="primary"
                disabled={!file || !report || report.problems.length > 0}
                loading={busy && Boolean(report)}
                onClick={() => file && void run(file, false)}
              >
                {t('import.confirm')}
              </Button>
            </Space>
          )
        }
      >
        {imported ? (
          <Flex vertical gap={12}>
            <Alert
              type="success"
              showIcon
              message={t('import.done', { deputies: report.deputies, users: report.users })}
            />
            <Typography.Paragraph>{t('import.passwordsNote')}</Typography.Paragraph>
            <Table
              rowKey="username"
              size="small"
              pagination={false}
              data-testid="import-passwords"
              dataSource={report.passwords}
              columns={[
                { title: t('import.username'), dataIndex: 'username' },
                { title: t('import.displayName'), dataIndex: 'displayName' },
                {
                  title: t('import.password'),
                  dataIndex: 'temporaryPassword',
                  render: (value: string) => (
                    <Typography.Text code copyable>
                      {value}
                    </Typography.Text>
                  ),
                },
              ]}
            />
          </Flex>
        ) : (
          <Flex vertical gap={12}>
            <Typography.Paragraph>{t('import.steps')}</Typography.Paragraph>
            <Space wrap>
              <Button icon={<DownloadOutlined aria-hidden />} onClick={() => void template()}>
                {t('import.template')}
              </Button>
              <Upload
                accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                maxCount={1}
                showUploadList={false}
                beforeUpload={(chosen) => {
                  setFile(chosen);
                  void run(chosen, true);
                  return false; // checked and sent by run(), not by antd's own upload
                }}
              >
                <Button icon={<UploadOutlined aria-hidden />} loading={busy && !report}>
                  {t('import.choose')}
                </Button>
              </Upload>
              {file ? <Typography.Text type="secondary">{file.name}</Typography.Text> : null}
            </Space>
            {error ? <Alert type="error" showIcon message={error} /> : null}
            {report && report.problems.length === 0 ? (
              <Alert
                type="info"
                showIcon
                message={t('import.ready', { deputies: report.deputies, users: report.users })}
              />
            ) : null}
            {report && report.problems.length > 0 ? (
              <>
                <Alert type="warning" showIcon message={t('import.problems', { count: report.problems.length })} />
                <Table<ImportProblem>
                  rowKey={(p) => `${p.sheet}-${p.row}-${p.column}-${p.message}`}
                  size="small"
                  data-testid="import-problems"
                  dataSource={report.problems}
                  pagination={report.problems.length > 20 ? { pageSize: 20 } : false}
                  columns={[
                    { title: t('import.sheet'), dataIndex: 'sheet', width: 80 },
                    {
                      title: t('import.row'),
                      dataIndex: 'row',
                      width: 70,
                      render: (row: number) => (row === 0 ? t('import.wholeSheet') : row),
                    },
                    {
                      title: t('import.column'),
                      dataIndex: 'column',
                      width: 110,
                      render: (c: string) => c.replace('*', ''),
                    },
                    {
                      title: t('import.message'),
                      dataIndex: 'message',
                      render: (text: string) => localizeProblem(lang, text),
                    },
                  ]}
                />
              </>
            ) : null}
          </Flex>
        )}
      </Modal>
    </>
  );
}
