// Owns the voter page's challenge: an image of digits (svg-captcha) and a signed token that carries a keyed hash of
// the answer and an expiry, so nothing is stored until it is answered; answering spends the token's nonce
// (voter_captcha_uses), so each token works once, right or wrong.
import { Inject, Injectable } from '@nestjs/common';
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import svgCaptcha from 'svg-captcha';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { VoterSubmissionsRepository } from './voter-submissions.repository';

/** How long a challenge may be answered: enough to write a paragraph on a phone. */
export const CAPTCHA_TTL_MS = 30 * 60_000;

export interface Captcha {
  token: string;
  /** The image, an SVG document (no script), to show inline or as an <img> data URL. */
  svg: string;
  expiresAt: string;
}

export type CaptchaProblem = 'invalid' | 'expired' | 'used' | 'wrong';

interface TokenBody {
  /** nonce */
  n: string;
  /** expiry, ms since the epoch */
  e: number;
  /** HMAC of the answer under the nonce */
  h: string;
}

@Injectable()
export class CaptchaService {
  private readonly key: Buffer;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(VoterSubmissionsRepository) private readonly repository: VoterSubmissionsRepository,
  ) {
    // A key of its own, derived like the reply links' one: a leaked captcha key forges nothing else.
    this.key = Buffer.from(hkdfSync('sha256', config.JWT_SECRET, 'lianluo', 'voter-captcha', 32));
  }

  create(now = Date.now()): Captcha {
    // Digits without the look-alikes 0/1: easy on a phone keyboard, still a challenge for a script.
    const { text, data } = svgCaptcha.create({ size: 4, charPreset: '23456789', noise: 2, color: true });
    const body: TokenBody = { n: randomBytes(16).toString('base64url'), e: now + CAPTCHA_TTL_MS, h: '' };
    body.h = this.answerHash(body.n, text);
    const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
    return { token: `${payload}.${this.sign(payload)}`, svg: data, expiresAt: new Date(body.e).toISOString() };
  }

  /** Spends the token and checks the answer: null when right, else what was wrong (the token is spent anyway). */
  async check(token: string, answer: string, now = Date.now()): Promise<CaptchaProblem | null> {
    const body = this.open(token);
    if (!body) return 'invalid';
    if (body.e <= now) return 'expired';
    if (!(await this.repository.spendCaptcha(body.n, new Date(body.e)))) return 'used';
    return equal(body.h, this.answerHash(body.n, answer.trim())) ? null : 'wrong';
  }

  private open(token: string): TokenBody | null {
    const [payload, signature, extra] = token.split('.');
    if (!payload || !signature || extra !== undefined || !equal(signature, this.sign(payload))) return null;
    try {
      const body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<TokenBody>;
      if (typeof body.n !== 'string' || typeof body.e !== 'number' || typeof body.h !== 'string') return null;
      return body as TokenBody;
    } catch {
      return null;
    }
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(`token:${payload}`).digest('base64url');
  }

  private answerHash(nonce: string, answer: string): string {
    return createHmac('sha256', this.key).update(`answer:${nonce}:${answer}`).digest('base64url');
  }
}

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
