// Owns the process configuration: every environment variable the apps read, validated once at start-up.
import { hkdfSync } from 'node:crypto';
import { z } from 'zod';

const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
const port = z.coerce.number().int().min(1).max(65535);
const positiveInt = z.coerce.number().int().min(1);

/**
 * Used for JWT_SECRET only when NODE_ENV is not `production`, so that `npm start` and the tests run without
 * setting it. Production refuses to start without a secret of its own, and refuses this one.
 */
export const DEV_JWT_SECRET = 'lianluo-development-only-secret-do-not-use-in-production';

/**
 * Used for PERSONAL_DATA_KEYS and PERSONAL_DATA_HASH_KEY only when NODE_ENV is not `production` (so `npm start` and
 * the tests run without them); production refuses to start without keys of its own, and refuses these.
 */
export const DEV_PERSONAL_DATA_KEYS = 'dev:ZGV2LW9ubHktcGVyc29uYWwtZGF0YS1rZXktMzItYnk=';
export const DEV_PERSONAL_DATA_HASH_KEY = 'ZGV2LW9ubHktcGVyc29uYWwtZGF0YS1oYXNoLWtleSE=';

/** A base64 (or base64url) value that decodes to exactly 32 bytes: an AES-256 or HMAC-SHA-256 key. */
export function isKey32(value: string): boolean {
  return /^[A-Za-z0-9+/_-]{43}=?$/.test(value) && Buffer.from(value, 'base64').length === 32;
}

/** `keyId:base64key[,keyId:base64key…]`: the first key encrypts, every key listed decrypts (see @app/personal-data). */
const personalDataKeys = z.string().refine(
  (value) => {
    const entries = value.split(',').map((entry) => entry.trim());
    const ids = entries.map((entry) => entry.split(':')[0]);
    return (
      entries.every((entry) => /^[A-Za-z0-9_-]{1,32}:[^:]+$/.test(entry) && isKey32(entry.split(':')[1])) &&
      new Set(ids).size === ids.length
    );
  },
  {
    message:
      'must list keyId:key pairs separated by commas, each key 32 bytes in base64 (`openssl rand -base64 32`), ids unique',
  },
);

const secret = z.string().min(32, { message: 'must be at least 32 characters (e.g. `openssl rand -base64 48`)' });

/** `900`, `900s`, `15m`, `12h` or `7d`, read as seconds. */
const duration = z
  .string()
  .regex(/^\d+[smhd]?$/, { message: 'must be a duration such as 900, 900s, 15m, 12h or 7d' })
  .transform((value) => {
    const amount = Number.parseInt(value, 10);
    const unit = value.at(-1) ?? 's';
    return amount * ({ m: 60, h: 3600, d: 86400 }[unit] ?? 1);
  })
  .pipe(z.number().int().min(1, { message: 'must be at least one second' }));

/** A comma-separated list of browser origins (scheme://host[:port], no path) allowed to call the API. */
const origins = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(
      z.string().refine(
        (origin) => {
          try {
            const parsed = new URL(origin);
            return ['http:', 'https:'].includes(parsed.protocol) && parsed.origin === origin;
          } catch {
            return false;
          }
        },
        { message: 'must list origins such as https://lianluo.example.org, separated by commas, without paths' },
      ),
    ),
  );

const url = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('log'),
  PORT: port.default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /**
   * The worker's health endpoint (GET /health/live, /health/ready) listens on this port, on HOST; 0 or unset: none
   * (tests that do not look at it). `npm start` sets it.
   */
  WORKER_HEALTH_PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535, { message: 'must be a port (1-65535), or 0 for no worker health endpoint' })
    .default(0),
  PUBLIC_URL: url(['http:', 'https:']).default('http://localhost:3000'),
  DATABASE_URL: url(['postgres:', 'postgresql:']),
  DATABASE_SSL: z.enum(['true', 'false']).default('false'),
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^\s:]+:\d{1,5}$/, { message: 'must be host:port, e.g. localhost:7233' })
    .default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('lianluo-issues'),
  SMTP_URL: url(['smtp:', 'smtps:']),
  MAIL_FROM: z.string().min(3).default('联络 Lianluo <noreply@lianluo.local>'),
  /** The outbox's back-off after a failed delivery: the first wait, doubled per failure up to the second. */
  MAIL_RETRY_MIN_SECONDS: positiveInt.default(10),
  MAIL_RETRY_MAX_SECONDS: positiveInt.default(300),
  DEV_MAILBOX_DIR: z.string().min(1).optional(),
  /**
   * The SMS channel of notices (issue #13 item 5): `none` sends no text message; `log` writes each one the worker would
   * send to its log (to try a notice flow before a gateway is contracted). A real gateway is one more `SmsGateway`.
   */
  NOTICE_SMS_GATEWAY: z.enum(['none', 'log']).default('none'),
  /**
   * Outbound webhooks (issue #15 item 6). A delivery the receiver did not take waits INITIAL seconds, doubled per
   * consecutive failure up to MAX; after PAUSE_AFTER_FAILURES failures in a row the endpoint is paused and its owner
   * mailed. Each POST gives up after TIMEOUT seconds. Private, loopback and link-local targets are refused unless
   * WEBHOOKS_ALLOW_PRIVATE=true (tests, development): a webhook must not become a way into the internal network.
   */
  WEBHOOK_RETRY_INITIAL_SECONDS: positiveInt.default(10),
  WEBHOOK_RETRY_MAX_SECONDS: positiveInt.default(3600),
  WEBHOOK_PAUSE_AFTER_FAILURES: positiveInt.max(1000).default(10),
  WEBHOOK_TIMEOUT_SECONDS: positiveInt.max(30).default(10),
  WEBHOOKS_ALLOW_PRIVATE: z.enum(['true', 'false']).default('false'),
  DEADLINE_NORMAL_WORKING_DAYS: positiveInt.default(15),
  DEADLINE_URGENT_WORKING_DAYS: positiveInt.default(3),
  /**
   * Demos and browser tests only: a working day lasts this many seconds instead of a calendar day, so deadlines,
   * reminders and escalation can be watched in minutes. Refused when NODE_ENV=production.
   */
  DEMO_WORKING_DAY_SECONDS: positiveInt.optional(),
  // Security (see apps/api/src/auth). Secrets are read here and nowhere else.
  JWT_SECRET: secret.optional(),
  REPLY_LINK_SECRET: secret.optional(),
  ACCESS_TOKEN_TTL: duration.default(15 * 60),
  REFRESH_TOKEN_TTL: duration.default(7 * 86400),
  LOGIN_MAX_FAILURES: positiveInt.max(100).default(5),
  LOGIN_LOCK_MINUTES: positiveInt.max(24 * 60).default(15),
  /**
   * Failed sign-ins one client address may make within LOGIN_LOCK_MINUTES before it is refused for LOGIN_LOCK_MINUTES
   * (429 with Retry-After). Only failures count and the limit is well above LOGIN_MAX_FAILURES, so an office behind
   * one address is not held up by its colleagues signing in, while one guesser cannot walk through many accounts.
   */
  LOGIN_MAX_FAILURES_PER_ADDRESS: positiveInt.default(50),
  REPLY_LINK_TTL_HOURS: positiveInt.max(24 * 90).default(168),
  /**
   * Days an ended sign-in (expired or signed out) and its refresh tokens are kept before the nightly clean-up
   * deletes them: for the user's list of sign-ins and for looking into a reused token.
   */
  SESSION_RETENTION_DAYS: positiveInt.max(3650).default(30),
  /**
   * Days a voter's name, phone, ID number and address are kept after their issue closed, then erased by the nightly
   * run (PIPL Art. 19, 47): a year covers a second handling after an unsatisfied rating and the annual review of the
   * deputies' work, the purposes that still need to reach the voter. Figures never depend on these fields.
   */
  VOTER_DATA_RETENTION_DAYS: positiveInt.max(3650).default(365),
  /**
   * Days a file uploaded for a submission that never came (never bound to an issue) is kept, then deleted by the
   * nightly run. The web app keeps a draft's files on the device and uploads them again under the same key, so a
   * draft sent later loses nothing; a week covers a deputy out of signal for days.
   */
  UNBOUND_UPLOAD_RETENTION_DAYS: positiveInt.max(365).default(7),
  /** Days an unmasked-read record (data_access_log) is kept; at least six months (Cybersecurity Law Art. 21). */
  ACCESS_LOG_RETENTION_DAYS: positiveInt.min(183).max(3650).default(365),
  /** Ed25519 private key (PKCS#8 PEM) signing the daily digest of the records' hash chains; no digest without it. */
  RECORDS_SIGNING_KEY: z.string().min(1).optional(),
  /** Where the signed digests are written (outside the database; back this folder up elsewhere). */
  RECORDS_DIGEST_DIR: z.string().min(1).optional(),
  /**
   * A voter's submission through a QR code (代表码): the deputy is reminded at the end of the REMIND-th working day
   * after the submission day, the station's liaison officer told at the end of the ESCALATE-th (after the reminder).
   */
  VOTER_SUBMISSION_REMIND_WORKING_DAYS: positiveInt.max(30).default(2),
  VOTER_SUBMISSION_ESCALATE_WORKING_DAYS: positiveInt.max(60).default(5),
  /** Submissions a voter's page takes per client address and hour, and per phone number or email address and day. */
  VOTER_SUBMISSIONS_PER_ADDRESS_PER_HOUR: positiveInt.default(10),
  VOTER_SUBMISSIONS_PER_CONTACT_PER_DAY: positiveInt.default(3),
  /** Open311 service requests (POST /open311/v2/requests) taken per client API key and hour. */
  OPEN311_REQUESTS_PER_KEY_PER_HOUR: positiveInt.default(600),
  /**
   * Addresses (comma-separated) each signed digest is also mailed to, through the outbox: a copy held outside this
   * server, so that rewriting the database and the digest folder together is still caught. Unset: no mail.
   */
  RECORDS_DIGEST_MAIL_TO: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((address) => address.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().email({ message: 'must list mail addresses separated by commas' })).min(1))
    .optional(),
  /**
   * Keys that encrypt voters' phone and ID numbers at rest (AES-256-GCM), `keyId:base64key,…`: the first encrypts,
   * all decrypt; `npm run records:rotate-key` re-encrypts the rows under the first. Built-in key outside production.
   */
  PERSONAL_DATA_KEYS: personalDataKeys.optional(),
  /** Key (32 bytes, base64) of the keyed hash (HMAC-SHA-256) that finds a phone or ID number without decrypting. */
  PERSONAL_DATA_HASH_KEY: z
    .string()
    .refine(isKey32, { message: 'must be 32 bytes in base64 (`openssl rand -base64 32`)' })
    .optional(),
  RATE_LIMIT_PER_MINUTE: positiveInt.default(600),
  /** Password changes per client address and minute; sign-in is limited by failures instead (LOGIN_MAX_FAILURES*). */
  LOGIN_RATE_LIMIT_PER_MINUTE: positiveInt.default(20),
  CORS_ORIGINS: origins.default([]),
  /**
   * Traces: where spans are sent by OTLP over HTTP (…/v1/traces is appended), e.g. http://otel-collector:4318. Unset:
   * no tracing at all. Read by the OpenTelemetry SDK itself (libs/observability/src/tracing.ts); validated here.
   */
  OTEL_EXPORTER_OTLP_ENDPOINT: url(['http:', 'https:']).optional(),
  /** The service name on the spans; default lianluo-api or lianluo-worker. */
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  /** Express `trust proxy`: false, true, a hop count, or proxy addresses/subnets (e.g. `loopback, 10.0.0.0/8`). */
  TRUST_PROXY: z
    .string()
    .regex(/^[\w.:/, -]+$/, { message: 'must be false, true, a hop count or a list of proxy addresses' })
    .default('false'),
});

type ParsedConfig = z.infer<typeof configSchema>;

export type AppConfig = Readonly<
  Omit<ParsedConfig, 'JWT_SECRET' | 'REPLY_LINK_SECRET' | 'PERSONAL_DATA_KEYS' | 'PERSONAL_DATA_HASH_KEY'> & {
    /** HS256 key of access tokens. */
    JWT_SECRET: string;
    /** HMAC-SHA256 key of reply links; derived from JWT_SECRET when not set. */
    REPLY_LINK_SECRET: string;
  } & PersonalDataKeySettings
>;

export interface PersonalDataKeySettings {
  PERSONAL_DATA_KEYS: string;
  PERSONAL_DATA_HASH_KEY: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment into a typed config, or throws a ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // An empty string means "unset", as in most .env loaders.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = configSchema.safeParse(cleaned);
  const problems = result.success
    ? []
    : result.error.issues.map((issue) => {
        const name = issue.path.join('.');
        const message = issue.code === 'invalid_type' && cleaned[name] === undefined ? 'is required' : issue.message;
        return `${name} ${message}`;
      });
  if (cleaned.NODE_ENV === 'production' && (!cleaned.JWT_SECRET || cleaned.JWT_SECRET === DEV_JWT_SECRET)) {
    problems.push('JWT_SECRET is required when NODE_ENV=production (at least 32 random characters)');
  }
  if (cleaned.NODE_ENV === 'production' && cleaned.DEMO_WORKING_DAY_SECONDS) {
    problems.push('DEMO_WORKING_DAY_SECONDS must not be set when NODE_ENV=production: deadlines follow the calendar');
  }
  if (cleaned.NODE_ENV === 'production' && cleaned.DEV_MAILBOX_DIR) {
    // The caught mail holds reply links and one-time passwords, which are credentials: admins only, and never here.
    problems.push('DEV_MAILBOX_DIR must not be set when NODE_ENV=production: the dev mailbox is public');
  }
  if (
    result.success &&
    result.data.VOTER_SUBMISSION_ESCALATE_WORKING_DAYS <= result.data.VOTER_SUBMISSION_REMIND_WORKING_DAYS
  ) {
    problems.push('VOTER_SUBMISSION_ESCALATE_WORKING_DAYS must be more than VOTER_SUBMISSION_REMIND_WORKING_DAYS');
  }
  problems.push(...personalDataKeyProblems(cleaned));
  if (!result.success || problems.length > 0) throw new ConfigError(problems);

  const data = result.data;
  const jwtSecret = data.JWT_SECRET ?? DEV_JWT_SECRET;
  return Object.freeze({
    ...data,
    JWT_SECRET: jwtSecret,
    ...personalDataKeySettings(cleaned),
    // A key of its own for reply links, so that one leaked key cannot forge the other kind of credential.
    REPLY_LINK_SECRET:
      data.REPLY_LINK_SECRET ??
      Buffer.from(hkdfSync('sha256', jwtSecret, 'lianluo', 'reply-links', 32)).toString('base64url'),
  });
}

function personalDataKeyProblems(env: NodeJS.ProcessEnv): string[] {
  if (env.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  if (!env.PERSONAL_DATA_KEYS || env.PERSONAL_DATA_KEYS === DEV_PERSONAL_DATA_KEYS)
    problems.push('PERSONAL_DATA_KEYS is required when NODE_ENV=production (e.g. k1:`openssl rand -base64 32`)');
  if (!env.PERSONAL_DATA_HASH_KEY || env.PERSONAL_DATA_HASH_KEY === DEV_PERSONAL_DATA_HASH_KEY)
    problems.push('PERSONAL_DATA_HASH_KEY is required when NODE_ENV=production (`openssl rand -base64 32`)');
  return problems;
}

/**
 * The personal-data keys alone, for tools that need nothing else of the configuration (the migration that encrypts
 * existing rows): the same defaults and production refusals as loadConfig.
 */
export function personalDataKeySettings(env: NodeJS.ProcessEnv = process.env): PersonalDataKeySettings {
  const problems = personalDataKeyProblems(env);
  const keys = env.PERSONAL_DATA_KEYS || DEV_PERSONAL_DATA_KEYS;
  const hashKey = env.PERSONAL_DATA_HASH_KEY || DEV_PERSONAL_DATA_HASH_KEY;
  const parsed = z.object({ keys: personalDataKeys, hashKey: z.string().refine(isKey32) }).safeParse({ keys, hashKey });
  if (!parsed.success) problems.push('PERSONAL_DATA_KEYS or PERSONAL_DATA_HASH_KEY is malformed');
  if (problems.length) throw new ConfigError(problems);
  return { PERSONAL_DATA_KEYS: keys, PERSONAL_DATA_HASH_KEY: hashKey };
}

/** Nest's logger levels up to and including `level`. */
export function nestLogLevels(level: AppConfig['LOG_LEVEL']): (typeof LOG_LEVELS)[number][] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);
}
