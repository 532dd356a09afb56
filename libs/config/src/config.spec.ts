import { ConfigError, loadConfig } from './config';

const valid = {
  DATABASE_URL: 'postgres://u:p@localhost:5432/lianluo',
  SMTP_URL: 'smtp://localhost:1025',
};

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

  it('puts every problem in the error message', () => {
    expect(() => loadConfig({ SMTP_URL: 'http://nope' })).toThrow(
      /DATABASE_URL is required[\s\S]*SMTP_URL must be a URL/,
    );
  });
});
