// Owns the voter's tracking code (查询码): the submission's id and a random secret, `<id>.<secret>`. Only the secret's
// SHA-256 is stored; a code with a wrong secret is answered exactly like one whose id does not exist (404).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SECRET = /^[A-Za-z0-9_-]{22}$/;

export function newTrackingSecret(): string {
  return randomBytes(16).toString('base64url');
}

export function trackingCode(submissionId: string, secret: string): string {
  return `${submissionId}.${secret}`;
}

export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** The parts of a well-formed code (spaces a voter copied along are ignored), or null. */
export function parseTrackingCode(code: string): { submissionId: string; secret: string } | null {
  const [submissionId, secret, extra] = code.trim().split('.');
  if (extra !== undefined || !submissionId || !secret || !UUID.test(submissionId) || !SECRET.test(secret)) return null;
  return { submissionId: submissionId.toLowerCase(), secret };
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(secretHash(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}
