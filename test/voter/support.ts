// What the voter suites do as a voter would: open a code's page facts, take a challenge, answer it, submit, track.
// The challenge's answer is read where a person reads it, from the generated image's text: svg-captcha's own
// create() is observed (it still runs and draws the image), never replaced.
import { randomUUID } from 'node:crypto';
import svgCaptcha from 'svg-captcha';
import { idOf } from '../auth/support/fixtures';
import type { Http } from '../auth/support/http';

const answers = new Map<string, string>();
let latest: string | undefined;
let observing = false;

/** Remembers each challenge's answer by the SVG it drew, for `answerOf`. */
export function observeCaptchas(): void {
  if (observing) return;
  observing = true;
  const create = svgCaptcha.create.bind(svgCaptcha);
  jest.spyOn(svgCaptcha, 'create').mockImplementation((options) => {
    const captcha = create(options);
    answers.set(captcha.data, captcha.text);
    latest = captcha.text;
    return captcha;
  });
}

export function answerOf(svg: string): string {
  const answer = answers.get(svg);
  if (!answer) throw new Error('no challenge drew this image');
  return answer;
}

/** The answer of the challenge drawn last (a page a browser just loaded, where the test cannot read the image). */
export function latestAnswer(): string {
  if (!latest) throw new Error('no challenge drawn yet');
  return latest;
}

export interface Challenge {
  token: string;
  answer: string;
}

export async function challenge(http: Http): Promise<Challenge> {
  const response = await http.get<{ token: string; svg: string }>('/api/public/voter/captcha');
  if (response.status !== 200) throw new Error(`captcha: ${response.status}`);
  return { token: response.body.token, answer: answerOf(response.body.svg) };
}

export interface Receipt {
  submissionId: string;
  trackingCode: string;
  statusUrl: string;
}

/** A body for the rongjiawan station's code (荣家湾镇人大代表之家), place 城东社区, with a fresh challenge answered. */
export async function submissionBody(
  http: Http,
  db: Parameters<typeof idOf>[0],
  extra: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const { token, answer } = await challenge(http);
  return {
    stationId: await idOf(db, 'stations', 'rongjiawan'),
    placeRegionId: await idOf(db, 'regions', 'chengdong'),
    description: `城东社区建设路${randomUUID().slice(0, 4)}号门前路灯坏了两个月，晚上出行不便。`,
    email: `voter-${randomUUID().slice(0, 8)}@example.com`,
    noticeAccepted: true,
    captchaToken: token,
    captchaAnswer: answer,
    ...extra,
  };
}
