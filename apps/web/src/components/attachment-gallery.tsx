// An issue's photos and documents: thumbnails that open the full photo, documents that download, and (for those
// working on the issue) a button to add one. Every view is fetched with the access token and logged by the API.
import { useEffect, useState } from 'react';
import { App as AntApp, Button, Flex, Modal, Select, Typography, Upload } from 'antd';
import { FileOutlined, UploadOutlined } from '@ant-design/icons';
import { attachmentBlob, uploadAttachment } from '../api/attachments';
import { toApiError } from '../api/use-api';
import type { AttachmentStage, StoredFile } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { newKey } from './format';

const ACCEPT = 'image/jpeg,image/png,image/webp,application/pdf,.docx,.xlsx';

/** A blob URL of an authenticated file, revoked when it is no longer shown. */
function useBlobUrl(url: string | null): string | undefined {
  const [objectUrl, setObjectUrl] = useState<string>();
  useEffect(() => {
    if (!url) return;
    const controller = new AbortController();
    let made: string | undefined;
    attachmentBlob(url, controller.signal)
      .then((blob) => {
        made = URL.createObjectURL(blob);
        setObjectUrl(made);
      })
      .catch(() => setObjectUrl(undefined));
    return () => {
      controller.abort();
      if (made) URL.revokeObjectURL(made);
    };
  }, [url]);
  return objectUrl;
}

function Thumbnail({ file, onOpen }: { file: StoredFile; onOpen: () => void }) {
  const { t } = useI18n();
  const src = useBlobUrl(file.thumbnailUrl);
  return (
    <button type="button" className="attachment-thumb" onClick={onOpen} title={file.fileName}>
      {src ? (
        <img src={src} alt={t('attachments.photo', { name: file.fileName })} width={96} height={96} />
      ) : (
        <span style={{ display: 'inline-block', width: 96, height: 96 }} />
      )}
    </button>
  );
}

function FullPhoto({ file, onClose }: { file: StoredFile; onClose: () => void }) {
  const src = useBlobUrl(file.url);
  return (
    <Modal open footer={null} onCancel={onClose} title={file.fileName} width={900} centered>
      {src ? <img src={src} alt={file.fileName} style={{ width: '100%', height: 'auto' }} /> : null}
    </Modal>
  );
}

async function saveDocument(file: StoredFile): Promise<void> {
  const blob = await attachmentBlob(file.url);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function AttachmentGallery({
  files,
  issueId,
  addAs,
  onAdded,
}: {
  files: StoredFile[];
  issueId: string;
  /** The stages the viewer may add files as (none: read only); the first is the default. */
  addAs: AttachmentStage[];
  onAdded: () => void;
}) {
  const { t, label } = useI18n();
  const { message } = AntApp.useApp();
  const [open, setOpen] = useState<StoredFile>();
  const [stage, setStage] = useState<AttachmentStage | undefined>(addAs[0]);
  const [busy, setBusy] = useState(false);
  const photos = files.filter((file) => file.thumbnailUrl);
  const documents = files.filter((file) => !file.thumbnailUrl);

  async function add(file: File) {
    setBusy(true);
    try {
      await uploadAttachment({ file, fileName: file.name, uploadKey: newKey(), issueId, stage });
      message.success(t('attachments.added'));
      onAdded();
    } catch (reason) {
      const error = toApiError(reason);
      message.error(error.fields.file?.[0] ?? error.message);
    } finally {
      setBusy(false);
    }
  }

  if (!files.length && !addAs.length) return null;
  return (
    <div style={{ marginTop: 12 }}>
      <Typography.Text strong>{t('issue.attachments')}</Typography.Text>
      {photos.length ? (
        <Flex gap={8} wrap style={{ marginTop: 8 }}>
          {photos.map((file) => (
            <Flex key={file.id} vertical align="center" style={{ width: 100 }}>
              <Thumbnail file={file} onOpen={() => setOpen(file)} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
                {file.stageLabel}
              </Typography.Text>
            </Flex>
          ))}
        </Flex>
      ) : null}
      {documents.map((file) => (
        <div key={file.id} style={{ marginTop: 6 }}>
          <Button
            type="link"
            icon={<FileOutlined aria-hidden />}
            disabled={file.contentErasedAt !== null}
            onClick={() => void saveDocument(file)}
          >
            {file.fileName}
          </Button>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {file.stageLabel} · {file.uploadedBy}
            {file.contentErasedAt !== null ? ` · ${t('attachments.erased')}` : null}
          </Typography.Text>
        </div>
      ))}
      {addAs.length ? (
        <Flex gap={8} wrap align="center" style={{ marginTop: 8 }}>
          {addAs.length > 1 ? (
            <Select<AttachmentStage>
              aria-label={t('attachments.stage')}
              value={stage}
              onChange={setStage}
              style={{ width: 140 }}
              options={addAs.map((value) => ({ value, label: label('attachmentStage', value) }))}
            />
          ) : null}
          <Upload
            accept={ACCEPT}
            showUploadList={false}
            beforeUpload={(file) => {
              void add(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined aria-hidden />} loading={busy}>
              {t('attachments.add')}
            </Button>
          </Upload>
        </Flex>
      ) : null}
      {open ? <FullPhoto file={open} onClose={() => setOpen(undefined)} /> : null}
    </div>
  );
}
