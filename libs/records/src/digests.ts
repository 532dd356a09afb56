// Owns the signed digests of the chain heads: once a day every stream's head (stream, seq, hash) is written down,
// signed with Ed25519 and kept outside the database (a file per digest; a mail where configured). A later check
// finds each vouched-for head still on its chain, so even a chain rewritten from its first row with fresh hashes is
// caught. Each digest names the hash of the one before it, so a digest withheld from the set is noticed too.
import { createHash, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClientBase } from 'pg';

export interface DigestBody {
  version: 1;
  createdAt: string;
  /** sha256 (hex) of the previous digest's body, or null for the first. */
  previous: string | null;
  streams: number;
  rows: number;
  /** Every stream's head: [stream, seq, sha256 hex]. */
  heads: [string, number, string][];
}

export interface SignedDigest {
  /** Where it was read from, for messages. */
  name?: string;
  body: string;
  /** Ed25519 signature of body, base64. */
  signature: string;
  /** sha256 hex of body. */
  bodyHash: string;
}

export function bodyHashOf(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

/** The public key (SPKI PEM) that checks digests signed with this private key. */
export function publicKeyOf(privateKeyPem: string): string {
  return createPublicKey(createPrivateKey(privateKeyPem)).export({ type: 'spki', format: 'pem' }).toString();
}

/** The body, if the signature is good; throws saying what is wrong otherwise. */
export function verifyDigestSignature(digest: SignedDigest, publicKeyPem: string): DigestBody {
  const good = verify(null, Buffer.from(digest.body, 'utf8'), publicKeyPem, Buffer.from(digest.signature, 'base64'));
  if (!good) throw new Error('signature does not match: the digest was altered or signed with another key');
  if (bodyHashOf(digest.body) !== digest.bodyHash) throw new Error('body hash does not match the body');
  const body = JSON.parse(digest.body) as DigestBody;
  if (body.version !== 1 || !Array.isArray(body.heads)) throw new Error('not a version-1 digest');
  return body;
}

/**
 * Writes down every head as it is in one snapshot, signs it, keeps it in records.digests and returns it. The
 * previous digest is the newest one in records.digests (its own signature checked first).
 */
export async function createDigest(client: ClientBase, privateKeyPem: string): Promise<SignedDigest> {
  const key = createPrivateKey(privateKeyPem);
  const publicKey = publicKeyOf(privateKeyPem);
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
  try {
    const last = await client.query<{ body: string; signature: Buffer }>(
      `SELECT body, signature FROM records.digests ORDER BY id DESC LIMIT 1`,
    );
    let previous: string | null = null;
    if (last.rows[0]) {
      const before: SignedDigest = {
        body: last.rows[0].body,
        signature: last.rows[0].signature.toString('base64'),
        bodyHash: bodyHashOf(last.rows[0].body),
      };
      verifyDigestSignature(before, publicKey);
      previous = before.bodyHash;
    }
    const heads = await client.query<{ stream: string; seq: string; hash: string }>(
      `SELECT stream, seq::text AS seq, encode(hash, 'hex') AS hash FROM records.heads WHERE seq > 0 ORDER BY stream`,
    );
    const body: DigestBody = {
      version: 1,
      createdAt: new Date().toISOString(),
      previous,
      streams: heads.rows.length,
      rows: heads.rows.reduce((sum, head) => sum + Number(head.seq), 0),
      heads: heads.rows.map((head) => [head.stream, Number(head.seq), head.hash]),
    };
    const text = JSON.stringify(body);
    const signature = sign(null, Buffer.from(text, 'utf8'), key);
    const bodyHash = bodyHashOf(text);
    await client.query(`INSERT INTO records.digests (body, body_hash, signature) VALUES ($1, $2, $3)`, [
      text,
      Buffer.from(bodyHash, 'hex'),
      signature,
    ]);
    await client.query('COMMIT');
    return { body: text, signature: signature.toString('base64'), bodyHash };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/** One file per digest, named by its time, so a folder of them sorts in order. */
export async function writeDigestFile(dir: string, digest: SignedDigest): Promise<string> {
  await mkdir(dir, { recursive: true });
  const body = JSON.parse(digest.body) as DigestBody;
  const file = join(dir, `digest-${body.createdAt.replace(/[:.]/g, '-')}.json`);
  await writeFile(file, JSON.stringify({ body: digest.body, signature: digest.signature }, null, 1) + '\n', {
    flag: 'wx',
  });
  return file;
}

export async function readDigestFiles(dir: string): Promise<SignedDigest[]> {
  const names = (await readdir(dir)).filter((name) => /^digest-.*\.json$/.test(name)).sort();
  return Promise.all(
    names.map(async (name) => {
      const parsed = JSON.parse(await readFile(join(dir, name), 'utf8')) as { body: string; signature: string };
      return { name, body: parsed.body, signature: parsed.signature, bodyHash: bodyHashOf(parsed.body) };
    }),
  );
}
