import { isInternalAddress, webhookUrlProblem } from './webhook-target';
import { signWebhook, verifyWebhookSignature } from './webhook-signature';

describe('webhook targets', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
  ])('%s is internal', (address) => {
    expect(isInternalAddress(address)).toBe(true);
  });

  it.each(['8.8.8.8', '203.0.113.1', '2001:4860:4860::8888'])('%s is not', (address) => {
    expect(isInternalAddress(address)).toBe(false);
  });

  it('refuses credentials, other schemes, fragments, internal hosts and long URLs', () => {
    expect(webhookUrlProblem('https://hooks.example.org/lianluo', false)).toBeNull();
    expect(webhookUrlProblem('https://u:p@hooks.example.org/', false)).toContain('user name or password');
    expect(webhookUrlProblem('ftp://hooks.example.org/', false)).toContain('http or https');
    expect(webhookUrlProblem('https://hooks.example.org/#x', false)).toContain('fragment');
    expect(webhookUrlProblem('relative/path', false)).toContain('absolute');
    expect(webhookUrlProblem(`https://e.org/${'a'.repeat(2048)}`, false)).toContain('2048');
    for (const url of ['http://127.0.0.1:8080/', 'http://[::1]/', 'http://localhost/', 'http://10.0.0.5/h']) {
      expect(webhookUrlProblem(url, false)).toContain('internal network');
      expect(webhookUrlProblem(url, true)).toBeNull();
    }
  });
});

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body = '{"specversion":"1.0","id":"1"}';
  const now = 1_780_000_000;

  it('verify the body they sign, within the tolerance', () => {
    const header = signWebhook(secret, now, body);
    expect(header).toMatch(/^t=1780000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, header, body, now + 299)).toBe(true);
  });

  it('refuse another body, another secret, an old timestamp (a replay) and a missing header', () => {
    const header = signWebhook(secret, now, body);
    expect(verifyWebhookSignature(secret, header, `${body} `, now)).toBe(false);
    expect(verifyWebhookSignature('whsec_other', header, body, now)).toBe(false);
    expect(verifyWebhookSignature(secret, header, body, now + 301)).toBe(false);
    expect(verifyWebhookSignature(secret, header.replace(/t=\d+/, `t=${now + 1}`), body, now)).toBe(false);
    expect(verifyWebhookSignature(secret, undefined, body, now)).toBe(false);
  });
});
