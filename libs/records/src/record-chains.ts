// Owns checking the evidence logs' hash chains (migration 1764736000000-record-chains): every row linked once, every
// link's hash recomputed here from the row as it is now, every chain unbroken from its first row to its head, and
// every head a signed digest once vouched for still on its chain. The database prints each row's canonical text; the
// hashing and the linking are done here, so a tampered row cannot pass by replacing the database's functions.
import { createHash } from 'node:crypto';
import type { ClientBase } from 'pg';
import { type DigestBody, type SignedDigest, verifyDigestSignature } from './digests';

/** The five evidence logs and how the migration's trigger names a row's stream. */
export const CHAINED_LOGS = [
  'issue_events',
  'reception_events',
  'invitation_events',
  'admin_audit_log',
  'data_access_log',
] as const;
export type ChainedLog = (typeof CHAINED_LOGS)[number];

export type ProblemKind =
  | 'altered' // the row's content no longer gives the hash recorded for it
  | 'deleted' // a link points at a row that is gone
  | 'gap' // a sequence number is missing: a link was removed
  | 'relinked' // a link's previous hash is not its predecessor's hash: the chain was cut and joined
  | 'unlinked' // a row no link covers: written with the triggers off
  | 'head' // the stream's head does not match its last link
  | 'digest'; // a signed digest's head is no longer on its chain, or a digest itself is forged or missing

export interface ChainProblem {
  kind: ProblemKind;
  table: ChainedLog | null;
  stream: string | null;
  seq: number | null;
  rowId: string | null;
  detail: string;
}

export interface VerifyReport {
  ok: boolean;
  rows: number;
  streams: number;
  digests: number;
  /** Every problem found; the first for each stream is the first broken row of that chain. */
  problems: ChainProblem[];
}

const GENESIS = Buffer.alloc(32);
const BATCH = 5_000;

interface LinkRow {
  stream: string;
  seq: string;
  row_id: string;
  prev_hash: Buffer;
  row_hash: Buffer;
  linked_at: Date;
  canonical: string | null;
}

/** Per stream, the retention prunes: rows up to through_seq linked before cutoff were deleted on purpose. */
type Prunes = Map<string, { throughSeq: number; cutoff: Date }[]>;

/**
 * Walks every chain in one read-only snapshot (REPEATABLE READ), so rows written meanwhile neither count nor confuse.
 * The client is used for this alone: its session time zone is set to UTC, as the trigger prints rows.
 */
export async function verifyRecords(
  client: ClientBase,
  options: { digests?: SignedDigest[]; publicKey?: string; progress?: (message: string) => void } = {},
): Promise<VerifyReport> {
  const problems: ChainProblem[] = [];
  const say = options.progress ?? (() => undefined);
  let rows = 0;
  const lastOfStream = new Map<string, { seq: number; hash: Buffer }>();
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    await client.query(`SET LOCAL TimeZone = 'UTC'`);
    const prunes: Prunes = new Map();
    const pruneRows = await client.query<{ stream: string; through_seq: string; cutoff: Date }>(
      `SELECT stream, through_seq::text AS through_seq, cutoff FROM records.prunes`,
    );
    for (const row of pruneRows.rows) {
      const list = prunes.get(row.stream) ?? [];
      list.push({ throughSeq: Number(row.through_seq), cutoff: row.cutoff });
      prunes.set(row.stream, list);
    }
    for (const table of CHAINED_LOGS) {
      let after: { stream: string; seq: string } | null = null;
      let checked = 0;
      for (;;) {
        const page: LinkRow[] = (
          await client.query<LinkRow>(
            `SELECT l.stream, l.seq::text AS seq, l.row_id::text AS row_id, l.prev_hash, l.row_hash, l.linked_at,
                    CASE WHEN t.id IS NULL THEN NULL
                         ELSE jsonb_build_object('table', l.source_table, 'row', to_jsonb(t))::text END AS canonical
               FROM records.links l LEFT JOIN public.${table} t ON t.id = l.row_id
              WHERE l.source_table = $1 AND ($2::text IS NULL OR (l.stream, l.seq) > ($2::text, $3::bigint))
              ORDER BY l.stream, l.seq
              LIMIT ${BATCH}`,
            [table, after?.stream ?? null, after?.seq ?? null],
          )
        ).rows;
        for (const link of page) checkLink(table, link, lastOfStream, prunes, problems);
        checked += page.length;
        if (page.length < BATCH) break;
        after = page[page.length - 1];
      }
      rows += checked;
      say(`${table}: ${checked} rows checked`);

      const unlinked = await client.query<{ id: string }>(
        `SELECT t.id::text AS id FROM public.${table} t
          WHERE NOT EXISTS (SELECT 1 FROM records.links l WHERE l.source_table = $1 AND l.row_id = t.id)
          ORDER BY t.id`,
        [table],
      );
      for (const { id } of unlinked.rows) {
        problems.push({ kind: 'unlinked', table, stream: null, seq: null, rowId: id, detail: 'row has no link' });
      }
    }

    const heads = await client.query<{ stream: string; seq: string; hash: Buffer }>(
      `SELECT stream, seq::text AS seq, hash FROM records.heads ORDER BY stream`,
    );
    const headStreams = new Set<string>();
    for (const head of heads.rows) {
      headStreams.add(head.stream);
      const last = lastOfStream.get(head.stream) ?? { seq: 0, hash: GENESIS };
      if (Number(head.seq) !== last.seq || !head.hash.equals(last.hash)) {
        problems.push({
          kind: 'head',
          table: null,
          stream: head.stream,
          seq: Number(head.seq),
          rowId: null,
          detail: `head says seq ${head.seq}, the chain ends at seq ${last.seq}${head.hash.equals(last.hash) ? '' : ' with another hash'}`,
        });
      }
    }
    for (const [stream, last] of lastOfStream) {
      if (!headStreams.has(stream)) {
        problems.push({ kind: 'head', table: null, stream, seq: last.seq, rowId: null, detail: 'stream has no head' });
      }
    }

    const digests = options.digests ?? [];
    if (digests.length > 0) {
      if (!options.publicKey) throw new Error('checking digests needs the public key (RECORDS_VERIFY_KEY)');
      await checkDigests(client, digests, options.publicKey, problems);
    }
    return { ok: problems.length === 0, rows, streams: lastOfStream.size, digests: digests.length, problems };
  } finally {
    await client.query('ROLLBACK');
  }
}

function checkLink(
  table: ChainedLog,
  link: LinkRow,
  lastOfStream: Map<string, { seq: number; hash: Buffer }>,
  prunes: Prunes,
  problems: ChainProblem[],
): void {
  const seq = Number(link.seq);
  const previous = lastOfStream.get(link.stream) ?? { seq: 0, hash: GENESIS };
  const at = { table, stream: link.stream, seq, rowId: link.row_id };
  if (seq !== previous.seq + 1) {
    problems.push({ kind: 'gap', ...at, detail: `seq ${previous.seq + 1}..${seq - 1} missing` });
  } else if (!link.prev_hash.equals(previous.hash)) {
    problems.push({ kind: 'relinked', ...at, detail: "previous hash is not the predecessor's hash" });
  }
  if (link.canonical === null) {
    const pruned = (prunes.get(link.stream) ?? []).some(
      (prune) => seq <= prune.throughSeq && link.linked_at < prune.cutoff,
    );
    if (!pruned) problems.push({ kind: 'deleted', ...at, detail: `row ${link.row_id} is gone` });
  } else {
    const hash = createHash('sha256').update(link.prev_hash).update(link.canonical, 'utf8').digest();
    if (!hash.equals(link.row_hash)) {
      problems.push({ kind: 'altered', ...at, detail: `row ${link.row_id} differs from what was recorded` });
    }
  }
  lastOfStream.set(link.stream, { seq, hash: link.row_hash });
}

async function checkDigests(
  client: ClientBase,
  digests: SignedDigest[],
  publicKey: string,
  problems: ChainProblem[],
): Promise<void> {
  const digestProblem = (detail: string): ChainProblem => ({
    kind: 'digest',
    table: null,
    stream: null,
    seq: null,
    rowId: null,
    detail,
  });
  const verified: { digest: SignedDigest; body: DigestBody }[] = [];
  for (const digest of digests) {
    try {
      verified.push({ digest, body: verifyDigestSignature(digest, publicKey) });
    } catch (error) {
      problems.push(digestProblem(`${digest.name ?? 'a digest'}: ${(error as Error).message}`));
    }
  }
  verified.sort((a, b) => a.body.createdAt.localeCompare(b.body.createdAt));
  let previousHash: string | null = null;
  for (const { digest, body } of verified) {
    if (previousHash !== null && body.previous !== previousHash) {
      problems.push(digestProblem(`digest of ${body.createdAt} does not follow the one before it (one is missing)`));
    }
    previousHash = digest.bodyHash;
    for (const [stream, seq, hash] of body.heads) {
      const found = await client.query<{ row_hash: Buffer }>(
        `SELECT row_hash FROM records.links WHERE stream = $1 AND seq = $2`,
        [stream, seq],
      );
      const recorded = found.rows[0]?.row_hash.toString('hex');
      if (recorded !== hash) {
        problems.push({
          kind: 'digest',
          table: null,
          stream,
          seq,
          rowId: null,
          detail: recorded
            ? `the digest of ${body.createdAt} vouched for another hash at this seq: the chain was rewritten`
            : `the digest of ${body.createdAt} vouched for this seq, which is gone`,
        });
      }
    }
  }
}
