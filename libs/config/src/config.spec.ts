import {
  ConfigError,
  DEV_JWT_SECRET,
  DEV_PERSONAL_DATA_HASH_KEY,
  DEV_PERSONAL_DATA_KEYS,
  loadConfig,
  personalDataKeySettings,
} from './config';

const valid = {
  DATABASE_URL: 'postgres://u:p@localhost:5432/lianluo',
  SMTP_URL: 'smtp://localhost:1025',
};
const key = (fill: string) => Buffer.alloc(32, fill).toString('base64');
/** Production's own personal-data keys, so that each production case below is about one thing. */
const productionKeys = { PERSONAL_DATA_KEYS: `k2:${key('b')},k1:${key('a')}`, PERSONAL_DATA_HASH_KEY: key('h') };

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('fills defaults for everything optional', () => {
    const config = loadConfig(valid);
    expect(config.PORT).toBe(3000);
    expect(config.TEMPORAL_ADDRESS).toBe('localhost:7233');
    expect(config.TEMPORAL_TASK_QUEUE).toBe('lianluo-issues');
    expect(config.DEADLINE_NORMAL_WORKING_DAYS).toBe(15);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names each missing required variable', () => {
    expect(problemsOf({})).toEqual(['DATABASE_URL is required', 'SMTP_URL is required']);
  });

  it('treats an empty variable as unset', () => {
    expect(problemsOf({ ...valid, DATABASE_URL: '' })).toEqual(['DATABASE_URL is required']);
  });

  it('rejects bad values with a message naming the variable', () => {
    const problems = problemsOf({
      ...valid,
      PORT: '70000',
      DATABASE_URL: 'mysql://x',
      TEMPORAL_ADDRESS: 'localhost',
      NODE_ENV: 'staging',
      DEADLINE_URGENT_WORKING_DAYS: '0',
    });
    expect(problems).toHaveLength(5);
    expect(problems.find((p) => p.startsWith('PORT '))).toMatch(/65535/);
    expect(problems.find((p) => p.startsWith('DATABASE_URL '))).toMatch(/postgres:\/\//);
    expect(problems.find((p) => p.startsWith('TEMPORAL_ADDRESS '))).toMatch(/host:port/);
    expect(problems.find((p) => p.startsWith('NODE_ENV '))).toMatch(/development/);
    expect(problems.find((p) => p.startsWith('DEADLINE_URGENT_WORKING_DAYS '))).toBeDefined();
  });

  it('reads the worker health port: off by default, a port, or refused with its name', () => {
    expect(loadConfig(valid).WORKER_HEALTH_PORT).toBe(0);
    expect(loadConfig({ ...valid, WORKER_HEALTH_PORT: '9464' }).WORKER_HEALTH_PORT).toBe(9464);
    expect(problemsOf({ ...valid, WORKER_HEALTH_PORT: '70000' })).toEqual([
      'WORKER_HEALTH_PORT must be a port (1-65535), or 0 for no worker health endpoint',
    ]);
    expect(problemsOf({ ...valid, WORKER_HEALTH_PORT: 'nine' })).toHaveLength(1);
  });

  it('puts every problem in the error message', () => {
    expect(() => loadConfig({ SMTP_URL: 'http://nope' })).toThrow(
      /DATABASE_URL is required[\s\S]*SMTP_URL must be a URL/,
    );
  });

  describe('security settings', () => {
    const secret = 'x'.repeat(40);

    it('has safe defaults outside production', () => {
      const config = loadConfig(valid);
      expect(config.JWT_SECRET).toBe(DEV_JWT_SECRET);
      expect(config.REPLY_LINK_SECRET).not.toBe(config.JWT_SECRET);
      expect(config.ACCESS_TOKEN_TTL).toBe(900);
      expect(config.REFRESH_TOKEN_TTL).toBe(7 * 86400);
      expect(config.LOGIN_MAX_FAILURES).toBe(5);
      expect(config.LOGIN_LOCK_MINUTES).toBe(15);
      expect(config.LOGIN_MAX_FAILURES_PER_ADDRESS).toBe(50);
      expect(config.REPLY_LINK_TTL_HOURS).toBe(168);
      expect(config.RATE_LIMIT_PER_MINUTE).toBe(600);
      expect(config.LOGIN_RATE_LIMIT_PER_MINUTE).toBe(20);
      expect(config.CORS_ORIGINS).toEqual([]);
      expect(config.TRUST_PROXY).toBe('false');
    });

    it('requires a JWT_SECRET of its own in production', () => {
      const production = { ...valid, ...productionKeys, NODE_ENV: 'production' };
      expect(problemsOf(production)).toEqual([
        expect.stringMatching(/^JWT_SECRET is required when NODE_ENV=production/),
      ]);
      expect(problemsOf({ ...production, JWT_SECRET: DEV_JWT_SECRET })).toEqual([
        expect.stringMatching(/^JWT_SECRET is required/),
      ]);
      expect(problemsOf({ ...production, JWT_SECRET: 'short' })).toEqual(
        expect.arrayContaining([expect.stringMatching(/^JWT_SECRET must be at least 32 characters/)]),
      );
      expect(loadConfig({ ...production, JWT_SECRET: secret }).JWT_SECRET).toBe(secret);
    });

    it('uses built-in personal-data keys outside production only', () => {
      const config = loadConfig(valid);
      expect(config.PERSONAL_DATA_KEYS).toBe(DEV_PERSONAL_DATA_KEYS);
      expect(config.PERSONAL_DATA_HASH_KEY).toBe(DEV_PERSONAL_DATA_HASH_KEY);
      const production = { ...valid, NODE_ENV: 'production', JWT_SECRET: secret };
      expect(problemsOf(production)).toEqual([
        expect.stringMatching(/^PERSONAL_DATA_KEYS is required when NODE_ENV=production/),
        expect.stringMatching(/^PERSONAL_DATA_HASH_KEY is required when NODE_ENV=production/),
      ]);
      expect(
        problemsOf({
          ...production,
          PERSONAL_DATA_KEYS: DEV_PERSONAL_DATA_KEYS,
          PERSONAL_DATA_HASH_KEY: DEV_PERSONAL_DATA_HASH_KEY,
        }),
      ).toHaveLength(2);
      expect(loadConfig({ ...production, ...productionKeys }).PERSONAL_DATA_KEYS).toBe(
        productionKeys.PERSONAL_DATA_KEYS,
      );
      expect(() => personalDataKeySettings({ NODE_ENV: 'production' })).toThrow(/PERSONAL_DATA_KEYS is required/);
      expect(personalDataKeySettings({ NODE_ENV: 'test' }).PERSONAL_DATA_KEYS).toBe(DEV_PERSONAL_DATA_KEYS);
    });

    it('refuses malformed personal-data keys', () => {
      for (const keys of [`k1:${key('a').slice(4)}`, `k1:${key('a')},k1:${key('b')}`, key('a'), `k 1:${key('a')}`]) {
        expect(problemsOf({ ...valid, PERSONAL_DATA_KEYS: keys })).toEqual([
          expect.stringMatching(/^PERSONAL_DATA_KEYS must list keyId:key pairs/),
        ]);
      }
      expect(problemsOf({ ...valid, PERSONAL_DATA_HASH_KEY: 'short' })).toEqual([
        expect.stringMatching(/^PERSONAL_DATA_HASH_KEY must be 32 bytes/),
      ]);
    });

    it('derives a stable reply-link key from JWT_SECRET unless REPLY_LINK_SECRET is set', () => {
      const a = loadConfig({ ...valid, JWT_SECRET: secret });
      const b = loadConfig({ ...valid, JWT_SECRET: secret });
      expect(a.REPLY_LINK_SECRET).toBe(b.REPLY_LINK_SECRET);
      expect(a.REPLY_LINK_SECRET).not.toBe(loadConfig(valid).REPLY_LINK_SECRET);
      expect(loadConfig({ ...valid, REPLY_LINK_SECRET: 'r'.repeat(32) }).REPLY_LINK_SECRET).toBe('r'.repeat(32));
    });

    it('reads token lifetimes as seconds or with a unit', () => {
      const config = loadConfig({ ...valid, ACCESS_TOKEN_TTL: '10m', REFRESH_TOKEN_TTL: '30d' });
      expect(config.ACCESS_TOKEN_TTL).toBe(600);
      expect(config.REFRESH_TOKEN_TTL).toBe(30 * 86400);
      expect(loadConfig({ ...valid, ACCESS_TOKEN_TTL: '90' }).ACCESS_TOKEN_TTL).toBe(90);
      expect(problemsOf({ ...valid, ACCESS_TOKEN_TTL: '15 minutes' })).toEqual([
        expect.stringMatching(/^ACCESS_TOKEN_TTL must be a duration/),
      ]);
      expect(problemsOf({ ...valid, REFRESH_TOKEN_TTL: '0' })).toEqual([
        expect.stringMatching(/^REFRESH_TOKEN_TTL must be at least one second/),
      ]);
    });

    it('reads CORS_ORIGINS as a list of bare origins', () => {
      expect(
        loadConfig({ ...valid, CORS_ORIGINS: 'https://a.example.org, http://localhost:5173' }).CORS_ORIGINS,
      ).toEqual(['https://a.example.org', 'http://localhost:5173']);
      expect(problemsOf({ ...valid, CORS_ORIGINS: 'https://a.example.org/app' })).toEqual([
        expect.stringMatching(/^CORS_ORIGINS\.0 must list origins/),
      ]);
      expect(problemsOf({ ...valid, CORS_ORIGINS: '*' })).toHaveLength(1);
    });

    it('bounds the lock-out settings', () => {
      const problems = problemsOf({
        ...valid,
        LOGIN_MAX_FAILURES: '0',
        LOGIN_LOCK_MINUTES: 'soon',
        RATE_LIMIT_PER_MINUTE: '-1',
      });
      expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual([
        'LOGIN_LOCK_MINUTES',
        'LOGIN_MAX_FAILURES',
        'RATE_LIMIT_PER_MINUTE',
      ]);
    });
  });

  it('refuses the demo clock in production', () => {
    expect(() =>
      loadConfig({
        ...valid,
        ...productionKeys,
        NODE_ENV: 'production',
        JWT_SECRET: 'x'.repeat(40),
        DEMO_WORKING_DAY_SECONDS: '10',
      }),
    ).toThrow(/DEMO_WORKING_DAY_SECONDS must not be set when NODE_ENV=production/);
    expect(loadConfig({ ...valid, DEMO_WORKING_DAY_SECONDS: '10' }).DEMO_WORKING_DAY_SECONDS).toBe(10);
  });
});
