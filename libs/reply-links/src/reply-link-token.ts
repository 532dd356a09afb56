// Owns the reply-link token format, shared by the worker (which mails links) and the API (which checks them).
// A token is an HMAC-SHA256 over (assignment, department, expiry, nonce); see apps/api/src/auth/reply-link.service.ts.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Where the emailed link points; the page posts the token back to the reply endpoint. */
export const REPLY_PAGE_PATH = '/reply';
const VERSION = 'v1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NONCE = /^[A-Za-z0-9_-]{22}$/;

export interface ReplyLinkClaims {
  assignmentId: string;
  departmentId: string;
  expiresAt: Date;
  nonce: string;
}

export interface ReplyLink extends ReplyLinkClaims {
  /** URL-safe; put it in the link, never in a log line. */
  token: string;
  url: string;
}

export interface ReplyLinkSettings {
  REPLY_LINK_SECRET: string;
  REPLY_LINK_TTL_HOURS: number;
  PUBLIC_URL: string;
}

/** A new link for `assignmentId`, to be used by `departmentId`, valid REPLY_LINK_TTL_HOURS from `now`. */
export function mintReplyLink(
  settings: ReplyLinkSettings,
  assignmentId: string,
  departmentId: string,
  now: Date,
): ReplyLink {
  if (!UUID.test(assignmentId) || !UUID.test(departmentId)) throw new Error('Reply links need uuid ids');
  const claims: ReplyLinkClaims = {
    assignmentId,
    departmentId,
    expiresAt: new Date(now.getTime() + settings.REPLY_LINK_TTL_HOURS * 3_600_000),
    nonce: randomBytes(16).toString('base64url'),
  };
  const token = signReplyLink(claims, replyLinkKey(settings));
  const url = new URL(REPLY_PAGE_PATH, settings.PUBLIC_URL);
  url.searchParams.set('token', token);
  return { ...claims, token, url: url.toString() };
}

export function replyLinkKey(settings: Pick<ReplyLinkSettings, 'REPLY_LINK_SECRET'>): Buffer {
  return Buffer.from(settings.REPLY_LINK_SECRET, 'utf8');
}

/** `v1.<base64url JSON {a, d, e, n}>.<base64url HMAC-SHA256 of "v1.<payload>">`. */
export function signReplyLink(claims: ReplyLinkClaims, key: Buffer): string {
  const payload = Buffer.from(
    JSON.stringify({
      a: claims.assignmentId,
      d: claims.departmentId,
      e: Math.floor(claims.expiresAt.getTime() / 1000),
      n: claims.nonce,
    }),
  ).toString('base64url');
  const signed = `${VERSION}.${payload}`;
  return `${signed}.${createHmac('sha256', key).update(signed).digest('base64url')}`;
}

/** The claims of a well-formed link with a good signature (expiry not checked), or null. */
export function readReplyLink(token: string, key: Buffer): ReplyLinkClaims | null {
  if (typeof token !== 'string' || token.length > 512) return null;
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION) return null;
  // Compared as text: base64url decoding is lenient, and a token must have exactly one spelling.
  const expected = Buffer.from(createHmac('sha256', key).update(`${parts[0]}.${parts[1]}`).digest('base64url'));
  const given = Buffer.from(parts[2]);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const { a, d, e, n } = (body ?? {}) as Record<string, unknown>;
  if (typeof a !== 'string' || !UUID.test(a) || typeof d !== 'string' || !UUID.test(d)) return null;
  if (typeof e !== 'number' || !Number.isSafeInteger(e) || typeof n !== 'string' || !NONCE.test(n)) return null;
  return { assignmentId: a, departmentId: d, expiresAt: new Date(e * 1000), nonce: n };
}
