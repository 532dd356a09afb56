// The evidence logs prove themselves (issue #16, item 1): rows written by the real code, many writers at once, form
// unbroken hash chains; then a database superuser alters, deletes, inserts and finally rewrites a whole chain, and
// each is caught and located — the last one only by a signed digest taken before.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readdir, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { queryRows } from '@app/database';
import {
  createDigest,
  publicKeyOf,
  readDigestFiles,
  verifyRecords,
  writeDigestFile,
  type VerifyReport,
} from '@app/records';
import { chainedDatabase, type Chained, WRITERS } from './support/chained-database';

/** As a database superuser would: with every trigger of the session off (append-only and chain triggers alike). */
async function asSuperuser(url: string, ...statements: [string, unknown[]?][]): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SET session_replication_role = replica`);
    for (const [sql, params] of statements) await client.query(sql, params ?? []);
  } finally {
    await client.end();
  }
}

async function verify(url: string, options: Parameters<typeof verifyRecords>[1] = {}): Promise<VerifyReport> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await verifyRecords(client, options);
  } finally {
    await client.end();
  }
}

async function eventOf(db: DataSource, issueId: string, nth: number): Promise<{ id: string; seq: number }> {
  const [row] = await queryRows<{ id: string; seq: number }>(
    db,
    `SELECT e.id::text AS id, l.seq::int AS seq FROM issue_events e
       JOIN records.links l ON l.source_table = 'issue_events' AND l.row_id = e.id
      WHERE e.issue_id = $1 ORDER BY l.seq OFFSET $2 LIMIT 1`,
    [issueId, nth - 1],
  );
  return row;
}

const signingKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicKey = publicKeyOf(signingKey);

describe('hash chains over the evidence logs', () => {
  const opened: DataSource[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((db) => db.destroy()));
  });
  const fresh = async (prefix: string): Promise<Chained> => {
    const chained = await chainedDatabase(prefix);
    opened.push(chained.setup);
    return chained;
  };

  it('links every row written by concurrent writers into unbroken chains, one per stream', async () => {
    const { url, setup, issues } = await fresh('chain_ok');
    const report = await verify(url);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    const [counts] = await queryRows<{ events: number; logs: number; links: number }>(
      setup,
      `SELECT (SELECT count(*)::int FROM issue_events) AS events,
              (SELECT sum(n)::int FROM (SELECT count(*) AS n FROM issue_events UNION ALL
                 SELECT count(*) FROM reception_events UNION ALL SELECT count(*) FROM invitation_events UNION ALL
                 SELECT count(*) FROM admin_audit_log UNION ALL SELECT count(*) FROM data_access_log) t) AS logs,
              (SELECT count(*)::int FROM records.links) AS links`,
    );
    expect(counts.events).toBeGreaterThanOrEqual(issues.length * 5);
    expect(counts.links).toBe(counts.logs);
    expect(report.rows).toBe(counts.links);
    // The admin stream's sequence is 1..n with no fork however the writers interleaved.
    const seqs = await queryRows<{ seq: number }>(
      setup,
      `SELECT seq::int AS seq FROM records.links WHERE stream = 'admin' ORDER BY seq`,
    );
    expect(seqs.map((row) => row.seq)).toEqual(Array.from({ length: WRITERS }, (_, i) => i + 1));
    // The application itself cannot rewrite a link.
    await expect(setup.query(`DELETE FROM records.links WHERE stream = 'admin'`)).rejects.toThrow(/append-only/);
  });

  it('catches an altered row, a deleted row, a deleted link and a row slipped in, each where it happened', async () => {
    const { url, setup, issues } = await fresh('chain_tamper');
    const [a, b, c, d] = issues;
    const altered = await eventOf(setup, a.id, 2);
    await asSuperuser(url, [`UPDATE issue_events SET data = data || '{"onTime": true}' WHERE id = $1`, [altered.id]]);
    const deleted = await eventOf(setup, b.id, 3);
    await asSuperuser(url, [`DELETE FROM issue_events WHERE id = $1`, [deleted.id]]);
    const unlinkedAt = await eventOf(setup, c.id, 2);
    await asSuperuser(
      url,
      [`DELETE FROM records.links WHERE source_table = 'issue_events' AND row_id = $1`, [unlinkedAt.id]],
      [`DELETE FROM issue_events WHERE id = $1`, [unlinkedAt.id]],
    );
    await asSuperuser(url, [
      `INSERT INTO issue_events (issue_id, step_key, type, data) VALUES ($1, 'forged', 'replied', '{}')`,
      [d.id],
    ]);

    const report = await verify(url);
    expect(report.ok).toBe(false);
    const found = report.problems.map((p) => [p.kind, p.stream, p.seq]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['altered', `issue:${a.id}`, altered.seq],
        ['deleted', `issue:${b.id}`, deleted.seq],
        ['gap', `issue:${c.id}`, unlinkedAt.seq + 1],
      ]),
    );
    expect(report.problems).toContainEqual(
      expect.objectContaining({ kind: 'unlinked', table: 'issue_events', stream: null }),
    );
    // Named first for its stream: the first broken row of that chain.
    const firstForA = report.problems.find((p) => p.stream === `issue:${a.id}`);
    expect(firstForA).toMatchObject({ kind: 'altered', seq: altered.seq, rowId: altered.id });
    // Streams nobody touched are not blamed.
    expect(report.problems.some((p) => p.stream === `issue:${issues[5].id}`)).toBe(false);
  });

  it('catches a chain rewritten from its first row only against a signed digest taken before', async () => {
    const { url, setup, issues } = await fresh('chain_rewrite');
    const dir = await mkdtemp(join(tmpdir(), 'lianluo-digests-'));
    try {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        await writeDigestFile(dir, await createDigest(client, signingKey));
        await writeDigestFile(dir, await createDigest(client, signingKey));
      } finally {
        await client.end();
      }
      expect((await verify(url, { digests: await readDigestFiles(dir), publicKey })).problems).toEqual([]);

      // The whole chain of one issue recomputed after an edit, heads included: internally consistent again.
      const target = issues[0];
      const first = await eventOf(setup, target.id, 1);
      const stream = `issue:${target.id}`;
      const [head] = await queryRows<{ seq: number }>(
        setup,
        `SELECT seq::int AS seq FROM records.heads WHERE stream = $1`,
        [stream],
      );
      await asSuperuser(
        url,
        [`UPDATE issue_events SET actor_label = 'someone else' WHERE id = $1`, [first.id]],
        [`DELETE FROM records.links WHERE stream = $1`, [stream]],
        [`DELETE FROM records.heads WHERE stream = $1`, [stream]],
        [
          `SELECT records.link_row($1, 'issue_events', e.id, to_jsonb(e))
             FROM (SELECT * FROM issue_events WHERE issue_id = $2 ORDER BY id) e`,
          [stream, target.id],
        ],
      );
      expect((await verify(url)).problems).toEqual([]);

      const report = await verify(url, { digests: await readDigestFiles(dir), publicKey });
      expect(report.ok).toBe(false);
      expect(report.problems[0]).toMatchObject({ kind: 'digest', stream, seq: head.seq });
      expect(report.problems[0].detail).toMatch(/rewritten/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a forged digest and notices one withheld', async () => {
    const { url } = await fresh('chain_digests');
    const dir = await mkdtemp(join(tmpdir(), 'lianluo-digests-'));
    try {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        for (let i = 0; i < 3; i++) await writeDigestFile(dir, await createDigest(client, signingKey));
      } finally {
        await client.end();
      }
      const names = (await readdir(dir)).sort();
      await unlink(join(dir, names[1]));
      const withheld = await verify(url, { digests: await readDigestFiles(dir), publicKey });
      expect(withheld.problems.map((p) => [p.kind, p.detail.includes('one is missing')])).toEqual([['digest', true]]);

      const otherKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const forged = await verify(url, { digests: await readDigestFiles(dir), publicKey: publicKeyOf(otherKey) });
      expect(forged.problems.filter((p) => p.kind === 'digest' && /signature/.test(p.detail))).toHaveLength(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
