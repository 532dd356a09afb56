import pino from 'pino';
import { withLogContext } from './log-context';
import { loggerOptions } from './logger';
import { PinoTemporalLogger } from './temporal-logger';

/** A logger with the production options, writing into an array. */
function capture(): { logger: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(loggerOptions({ LOG_LEVEL: 'debug' }, 'worker'), {
    write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>),
  });
  return { logger, lines };
}

const PHONE = '13807305678';
const ID_NUMBER = '430621196505121230';

describe('the log redaction', () => {
  it('censors voter fields and credentials wherever they sit, up to four levels deep', () => {
    const { logger, lines } = capture();
    logger.info({ voter: { phone: PHONE } }, 'top');
    logger.info({ input: { voter: { idNumber: ID_NUMBER } } }, 'nested');
    logger.info({ a: { b: { c: { phone: PHONE, idNumber: ID_NUMBER, address: '城东社区' } } } }, 'deep');
    logger.info({ req: { headers: { authorization: 'Bearer secret', cookie: 'sid=1' } } }, 'headers');
    logger.info({ body: { password: 'lianluo-demo', refreshToken: 'r' } }, 'secrets');
    const text = JSON.stringify(lines);
    for (const secret of [PHONE, ID_NUMBER, '城东社区', 'Bearer secret', 'sid=1', 'lianluo-demo']) {
      expect({ secret, found: text.includes(secret) }).toEqual({ secret, found: false });
    }
    expect(lines[0]).toMatchObject({ voter: '[redacted]', level: 'info', service: 'worker' });
  });

  it("adds the activity's workflow and issue to every line written inside its context", () => {
    const { logger, lines } = capture();
    withLogContext({ workflowId: 'issue-1', issueId: '1', activity: 'notify' }, () => logger.info('inside'));
    logger.info('outside');
    expect(lines[0]).toMatchObject({ workflowId: 'issue-1', issueId: '1', activity: 'notify', msg: 'inside' });
    expect(lines[1]).not.toHaveProperty('workflowId');
  });

  it("gives the Temporal SDK's lines their issue id, from the workflow id, and its error as err", () => {
    const { logger, lines } = capture();
    const issueId = '5b0c2f4e-1d2a-4c3b-9e8f-0a1b2c3d4e5f';
    new PinoTemporalLogger(logger).warn('Activity failed', {
      workflowId: `issue-${issueId}`,
      activityType: 'notify',
      error: new Error('SMTP down'),
    });
    expect(lines[0]).toMatchObject({
      level: 'warn',
      msg: 'Activity failed',
      workflowId: `issue-${issueId}`,
      issueId,
      err: { message: 'SMTP down' },
    });
  });
});
