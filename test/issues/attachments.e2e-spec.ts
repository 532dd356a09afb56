// Photos and documents on issues through the real API and PostgreSQL (no worker: files never touch Temporal): limits
// judged on the content, EXIF gone, thumbnails, binding at intake with an idempotent retry, files added by the
// department, the timeline, the scope (404 outside it), and a data_access_log row for every download.
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { applyRetentionBatch, retentionCutoffsOf } from '@app/records';
import { insertIssue, type IssueFixture } from '../auth/support/fixtures';
import { expectStatus, startIssueApp, type IssueTestApp } from './support/issue-app';
import { intakeBody, ROADS_IN_CHENGDONG, type IssueView } from './support/issues';

interface StoredFile {
  id: string;
  fileName: string;
  mediaType: string;
  byteSize: number;
  stage: string;
  stageLabel: string;
  width: number | null;
  height: number | null;
  uploadedBy: string;
  url: string;
  thumbnailUrl: string | null;
  contentErasedAt: string | null;
}

interface ErrorAnswer {
  statusCode: number;
  message: string;
  fields?: Record<string, string[]>;
}

interface Detail extends IssueView {
  files: StoredFile[];
  timeline: { type: string; label: string; data: Record<string, unknown>; actor: { label: string | null } | null }[];
}

const DEPUTY = ROADS_IN_CHENGDONG.deputy;
const LEAD = 'dept.jiaotong.rongjiawan';

async function photo(): Promise<Buffer> {
  return sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#8ab' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'PhoneMaker', Artist: 'Li Guilan' } })
    .toBuffer();
}

describe('attachments', () => {
  let t: IssueTestApp;

  beforeAll(async () => {
    t = await startIssueApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  async function upload(
    username: string,
    content: Buffer,
    fileName: string,
    fields: Record<string, string> = {},
    path = '/api/attachments',
  ): Promise<{ status: number; body: StoredFile & ErrorAnswer }> {
    const form = new FormData();
    form.set('uploadKey', fields.uploadKey ?? `upload-${randomUUID()}`);
    for (const [name, value] of Object.entries(fields)) if (name !== 'uploadKey') form.set(name, value);
    form.set('file', new Blob([new Uint8Array(content)]), fileName);
    const response = await fetch(`${t.http.baseUrl}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${await t.tokenOf(username)}` },
      body: form,
    });
    return { status: response.status, body: (await response.json()) as StoredFile & ErrorAnswer };
  }

  async function download(username: string, url: string): Promise<{ status: number; bytes: Buffer; type: string }> {
    const response = await fetch(`${t.http.baseUrl}${url}`, {
      headers: { Authorization: `Bearer ${await t.tokenOf(username)}` },
    });
    return {
      status: response.status,
      bytes: Buffer.from(await response.arrayBuffer()),
      type: response.headers.get('content-type') ?? '',
    };
  }

  const accessLog = async (fileId: string) =>
    t.db.query<{ user_id: string; issue_id: string; purpose: string }[]>(
      `SELECT user_id, issue_id, purpose FROM data_access_log WHERE $1 = ANY(fields) ORDER BY id`,
      [`attachment:${fileId}`],
    );

  describe('the limits, judged on the content', () => {
    it('refuses a program named .jpg with 415, naming the field, and stores nothing', async () => {
      const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), Buffer.alloc(4096, 7)]);
      const answer = await upload(DEPUTY, exe, '现场照片.jpg');
      expect(answer.status).toBe(415);
      expect(Object.keys(answer.body.fields ?? {})).toEqual(['file']);
      expect(answer.body.message).toContain('JPEG');
      const stored = await t.db.query<unknown[]>(`SELECT 1 FROM attachments WHERE file_name = '现场照片.jpg'`);
      expect(stored).toHaveLength(0);
    });

    it('refuses an empty file with 400 naming the field', async () => {
      const answer = await upload(DEPUTY, Buffer.alloc(0), '空.jpg');
      expect(answer.status).toBe(400);
      expect(answer.body.fields?.file?.[0]).toContain('文件为空');
    });

    it('refuses a file over 10 MB with 413 naming the field', async () => {
      const big = Buffer.concat([await photo(), Buffer.alloc(10 * 1024 * 1024, 1)]);
      const answer = await upload(DEPUTY, big, '大.jpg');
      expect(answer.status).toBe(413);
      expect(answer.body.fields?.file?.[0]).toContain('10 MB');
    });

    it('refuses an upload without a file, or with a bad key, with 400 naming the field', async () => {
      const withoutFile = async (uploadKey: string) => {
        const form = new FormData();
        form.set('uploadKey', uploadKey);
        return fetch(`${t.http.baseUrl}/api/attachments`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${await t.tokenOf(DEPUTY)}` },
          body: form,
        });
      };
      const response = await withoutFile(`upload-${randomUUID()}`);
      expect(response.status).toBe(400);
      expect(Object.keys(((await response.json()) as ErrorAnswer).fields ?? {})).toEqual(['file']);
      // Not even under a key that already stored a file (a retry resends its file; schemathesis found this one).
      const key = `upload-${randomUUID()}`;
      expect((await upload(DEPUTY, await photo(), 'a.jpg', { uploadKey: key })).status).toBe(201);
      const again = await withoutFile(key);
      expect(again.status).toBe(400);
      expect(Object.keys(((await again.json()) as ErrorAnswer).fields ?? {})).toEqual(['file']);
      const badKey = await upload(DEPUTY, await photo(), 'a.jpg', { uploadKey: 'no spaces allowed' });
      expect(badKey.status).toBe(400);
      expect(Object.keys(badKey.body.fields ?? {})).toEqual(['uploadKey']);
    });
  });

  describe('a deputy attaches a photo at intake', () => {
    let issue: IssueView;
    let file: StoredFile;

    beforeAll(async () => {
      const first = await upload(DEPUTY, await photo(), '路面破损.jpg', { uploadKey: 'draft-1-photo-1' });
      expect(first.status).toBe(201);
      file = first.body;
      // The offline draft sends it again: the same file, not a second one.
      const again = await upload(DEPUTY, await photo(), '路面破损.jpg', { uploadKey: 'draft-1-photo-1' });
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(file.id);

      const body = await intakeBody(t, ROADS_IN_CHENGDONG, { attachmentIds: [file.id] });
      const token = await t.tokenOf(DEPUTY);
      issue = expectStatus<IssueView>(await t.http.post('/api/issues', body, token), 201);
      // The draft's retry of the submission finds the same issue, its file bound once.
      const retried = expectStatus<IssueView>(await t.http.post('/api/issues', body, token), 200);
      expect(retried.id).toBe(issue.id);
    });

    it('stores the photo upright without its EXIF, with a thumbnail', async () => {
      expect(file).toMatchObject({ fileName: '路面破损.jpg', mediaType: 'image/jpeg', stage: 'intake', width: 1600 });
      const original = await download(DEPUTY, file.url);
      expect(original.status).toBe(200);
      expect(original.type).toBe('image/jpeg');
      expect((await sharp(original.bytes).metadata()).exif).toBeUndefined();
      expect(original.bytes.toString('latin1')).not.toContain('PhoneMaker');
      const thumbnail = await download(DEPUTY, file.thumbnailUrl!);
      expect(thumbnail.type).toBe('image/webp');
      expect((await sharp(thumbnail.bytes).metadata()).width).toBe(320);
    });

    it('shows the file on the issue and in its timeline, once', async () => {
      // No worker runs here, so the issue is not referred yet: its township's supervisor reads it.
      const detail = expectStatus<Detail>(
        await t.http.get(`/api/issues/${issue.id}`, await t.tokenOf('supervisor.rongjiawan')),
        200,
      );
      expect(detail.files.map((f) => [f.id, f.stageLabel, f.uploadedBy])).toEqual([[file.id, '反映情况', '张志强']]);
      const added = detail.timeline.filter((event) => event.type === 'attachment_added');
      expect(added.map((event) => [event.label, event.data.fileName])).toEqual([['上传附件', '路面破损.jpg']]);
    });

    it('refuses a file already bound to an issue in another submission, and another user’s file', async () => {
      const stolen = await intakeBody(t, ROADS_IN_CHENGDONG, { attachmentIds: [file.id] });
      const answer = await t.http.post<ErrorAnswer>('/api/issues', stolen, await t.tokenOf(DEPUTY));
      expect(answer.status).toBe(400);
      expect(answer.body.fields?.attachmentIds?.[0]).toContain('another issue');
      const mine = await upload('deputy.wangxiuying', await photo(), 'x.jpg');
      const notYours = await intakeBody(t, ROADS_IN_CHENGDONG, { attachmentIds: [mine.body.id] });
      const refused = await t.http.post<ErrorAnswer>('/api/issues', notYours, await t.tokenOf(DEPUTY));
      expect(refused.status).toBe(400);
      expect(refused.body.fields?.attachmentIds?.[0]).toContain('no file you uploaded');
    });

    it('logs every download of the issue’s file in data_access_log', async () => {
      const before = (await accessLog(file.id)).length;
      expect((await download('liaison.rongjiawan', file.url)).status).toBe(200);
      expect((await download('supervisor.rongjiawan', file.thumbnailUrl!)).status).toBe(200);
      const rows = (await accessLog(file.id)).slice(before);
      expect(rows.map((row) => row.purpose)).toEqual(['view_attachment', 'view_attachment_thumbnail']);
      expect(rows.every((row) => row.issue_id === issue.id)).toBe(true);
    });

    it('answers 404 to anyone outside the issue’s scope, and logs nothing for them', async () => {
      const before = (await accessLog(file.id)).length;
      for (const outsider of ['deputy.liuchunhua', 'dept.shehui.huangshajie', 'liaison.huangshajie']) {
        expect((await download(outsider, file.url)).status).toBe(404);
        expect((await download(outsider, file.thumbnailUrl!)).status).toBe(404);
      }
      expect(await accessLog(file.id)).toHaveLength(before);
    });
  });

  describe('the department adds before and after photos', () => {
    let issue: IssueFixture;

    beforeAll(async () => {
      issue = await insertIssue(t.db);
    });

    it('adds a photo and a PDF to the issue, in its timeline, and refuses outsiders with 404', async () => {
      const path = `/api/issues/${issue.id}/attachments`;
      const before = await upload(LEAD, await photo(), '整改前.jpg', { stage: 'reply' }, path);
      expect(before.status).toBe(201);
      expect(before.body).toMatchObject({ stage: 'reply', stageLabel: '办理答复' });
      expect(before.body.uploadedBy).not.toBe('');
      const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
      const letter = await upload(LEAD, pdf, '答复函.pdf', { stage: 'follow_up' }, path);
      expect(letter.status).toBe(201);
      expect(letter.body).toMatchObject({ mediaType: 'application/pdf', thumbnailUrl: null });
      const document = await download(LEAD, letter.body.url);
      expect(document.bytes.equals(pdf)).toBe(true);

      const outsider = await upload('dept.shehui.huangshajie', await photo(), 'x.jpg', {}, path);
      expect(outsider.status).toBe(404);
      const detail = expectStatus<Detail>(await t.http.get(`/api/issues/${issue.id}`, await t.tokenOf(LEAD)), 200);
      expect(detail.files.map((f) => f.fileName)).toEqual(['整改前.jpg', '答复函.pdf']);
      expect(detail.timeline.filter((e) => e.type === 'attachment_added')).toHaveLength(2);
    });

    it('holds at most 20 files per issue', async () => {
      const other = await insertIssue(t.db);
      const path = `/api/issues/${other.id}/attachments`;
      const small = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
        .png()
        .toBuffer();
      for (let i = 0; i < 20; i++) expect((await upload(LEAD, small, `${i}.png`, {}, path)).status).toBe(201);
      const over = await upload(LEAD, small, '21.png', {}, path);
      expect(over.status).toBe(409);
      expect(Object.keys(over.body.fields ?? {})).toEqual(['file']);
    });
  });
  describe('kept only as long as the voter data (issue #16)', () => {
    const DAY = 86_400_000;
    const POLICY = { VOTER_DATA_RETENTION_DAYS: 365, ACCESS_LOG_RETENTION_DAYS: 365, UNBOUND_UPLOAD_RETENTION_DAYS: 7 };
    const blobKeys = async (fileId: string) =>
      (
        await t.db.query<{ key: string }[]>(`SELECT key FROM attachment_blobs WHERE key LIKE $1 ORDER BY key`, [
          `${fileId}/%`,
        ])
      ).map((row) => row.key);

    it("erases a closed issue's files with its voter data, keeping the rows; the download answers 410", async () => {
      const closed = await insertIssue(t.db);
      const open = await insertIssue(t.db);
      const files: StoredFile[] = [];
      for (const issue of [closed, open]) {
        const added = await upload(LEAD, await photo(), '门前照片.jpg', {}, `/api/issues/${issue.id}/attachments`);
        expect(added.status).toBe(201);
        files.push(added.body);
      }
      const [gone, held] = files;
      expect(await blobKeys(gone.id)).toEqual([`${gone.id}/file`, `${gone.id}/thumbnail`]);
      // Closed 400 days ago: past the year its voter data is kept.
      const asOf = new Date();
      await t.db.query(`UPDATE issues SET status = 'closed', closed_at = $2 WHERE id = $1`, [
        closed.id,
        new Date(asOf.getTime() - 400 * DAY),
      ]);

      const batch = await applyRetentionBatch(
        t.db,
        `test-${randomUUID()}`,
        asOf,
        retentionCutoffsOf(POLICY, asOf),
        1000,
      );
      expect(batch.erasedIssues).toBeGreaterThanOrEqual(1);
      expect(batch.erasedAttachments).toBeGreaterThanOrEqual(1);

      expect(await blobKeys(gone.id)).toEqual([]);
      expect(await blobKeys(held.id)).toHaveLength(2);
      const erased = await download(LEAD, gone.url);
      expect(erased.status).toBe(410);
      expect(JSON.parse(erased.bytes.toString('utf8'))).toMatchObject({ statusCode: 410 });
      expect((await download(LEAD, `${gone.url}/thumbnail`)).status).toBe(410);
      expect((await download(LEAD, held.url)).status).toBe(200);
      // The issue still lists the file (its timeline and counts stay), saying when its content went.
      const detail = expectStatus<Detail>(await t.http.get(`/api/issues/${closed.id}`, await t.tokenOf(LEAD)), 200);
      expect(detail.files).toMatchObject([{ id: gone.id, fileName: '门前照片.jpg', thumbnailUrl: null }]);
      expect(detail.files[0].contentErasedAt).not.toBeNull();
      expect(detail.timeline.filter((e) => e.type === 'attachment_added')).toHaveLength(1);
      const [run] = await t.db.query<{ erased_attachments: number }[]>(
        `SELECT erased_attachments FROM operations.retention_runs ORDER BY id DESC LIMIT 1`,
      );
      expect(run.erased_attachments).toBe(batch.erasedAttachments);
    });

    it('deletes uploads bound to no issue after UNBOUND_UPLOAD_RETENTION_DAYS, and a draft sent later uploads again', async () => {
      const stale = await upload(DEPUTY, await photo(), '草稿照片.jpg', { uploadKey: 'draft-old-photo' });
      const fresh = await upload(DEPUTY, await photo(), '新照片.jpg', { uploadKey: 'draft-new-photo' });
      expect([stale.status, fresh.status]).toEqual([201, 201]);
      const asOf = new Date();
      await t.db.query(`UPDATE attachments SET created_at = $2 WHERE id = $1`, [
        stale.body.id,
        new Date(asOf.getTime() - 8 * DAY),
      ]);

      const batch = await applyRetentionBatch(
        t.db,
        `test-${randomUUID()}`,
        asOf,
        retentionCutoffsOf(POLICY, asOf),
        1000,
      );
      expect(batch.deletedUnboundUploads).toBe(1);
      expect(await t.db.query(`SELECT id FROM attachments WHERE id = $1`, [stale.body.id])).toEqual([]);
      expect(await blobKeys(stale.body.id)).toEqual([]);
      expect((await download(DEPUTY, stale.body.url)).status).toBe(404);
      expect((await download(DEPUTY, fresh.body.url)).status).toBe(200);

      // The draft still holds the file: sent again under its key, it is stored anew and the submission goes through.
      const again = await upload(DEPUTY, await photo(), '草稿照片.jpg', { uploadKey: 'draft-old-photo' });
      expect(again.status).toBe(201);
      const body = await intakeBody(t, ROADS_IN_CHENGDONG, { attachmentIds: [again.body.id] });
      expectStatus<IssueView>(await t.http.post('/api/issues', body, await t.tokenOf(DEPUTY)), 201);
    });
  });
});
