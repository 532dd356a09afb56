import { readReplyLink, signReplyLink, type ReplyLinkClaims } from './reply-link-token';

const key = Buffer.from('k'.repeat(43));
const claims: ReplyLinkClaims = {
  assignmentId: '6f1c2a9e-8f0b-4e8a-9a36-2b7b1d0c5e11',
  departmentId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  expiresAt: new Date('2030-01-01T00:00:00Z'),
  nonce: 'abcdefghijklmnopqrstuv',
};

describe('reply link tokens', () => {
  it('read back what was signed', () => {
    const token = signReplyLink(claims, key);
    expect(token).toMatch(/^v1\.[\w-]+\.[\w-]{43}$/);
    expect(readReplyLink(token, key)).toEqual(claims);
  });

  it('refuse another key, and any change to payload or signature', () => {
    const token = signReplyLink(claims, key);
    expect(readReplyLink(token, Buffer.from('x'.repeat(43)))).toBeNull();
    for (let i = 3; i < token.length; i++) {
      if (token[i] === '.') continue;
      const changed = token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
      expect(readReplyLink(changed, key)).toBeNull();
    }
  });

  it('refuse well-signed payloads of the wrong shape', () => {
    const sign = (payload: unknown) => {
      const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
      const { createHmac } = jest.requireActual<typeof import('node:crypto')>('node:crypto');
      return `v1.${body}.${createHmac('sha256', key).update(`v1.${body}`).digest('base64url')}`;
    };
    const good = { a: claims.assignmentId, d: claims.departmentId, e: 1_900_000_000, n: claims.nonce };
    expect(readReplyLink(sign(good), key)).not.toBeNull();
    for (const bad of [
      { ...good, a: 'not-a-uuid' },
      { ...good, d: 42 },
      { ...good, e: '1900000000' },
      { ...good, e: 1.5 },
      { ...good, n: 'short' },
      null,
      [],
    ]) {
      expect(readReplyLink(sign(bad), key)).toBeNull();
    }
  });
});
