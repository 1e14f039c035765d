import { z } from 'zod';

const postgresUrl = z
  .string({ error: 'required, expected a postgres:// URL' })
  .refine(
    (value) => /^postgres(ql)?:\/\/[^/]/.test(value) && URL.canParse(value),
    'expected a postgres:// URL',
  );

const redisUrl = z
  .string()
  .refine(
    (value) => /^rediss?:\/\/[^/]/.test(value) && URL.canParse(value),
    'expected a redis:// or rediss:// URL',
  );

const integer = (min: number, max: number) =>
  z.coerce
    .number({ error: `expected an integer from ${min} to ${max}` })
    .int(`expected an integer from ${min} to ${max}`)
    .min(min, `expected an integer from ${min} to ${max}`)
    .max(max, `expected an integer from ${min} to ${max}`);

const flag = z
  .enum(['true', 'false', '1', '0'], { error: 'expected true or false' })
  .transform((value) => value === 'true' || value === '1');

/** Comma-separated secrets of at least 32 characters each: the first seals, every one opens. */
const secretList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .refine(
    (list) => list.length > 0 && list.every((s) => s.length >= 32),
    'expected comma-separated secrets of at least 32 random characters each',
  );

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Every setting the API and the worker read from the environment.
 * The README documents each one; keep the two in step.
 */
export const configSchema = z.object({
  NODE_ENV: z
    .enum(['development', 'test', 'production'], { error: 'expected development, test or production' })
    .default('development'),
  HOST: z.string().min(1, 'expected a host name or address').default('127.0.0.1'),
  PORT: integer(1, 65535).default(3000),
  DATABASE_URL: postgresUrl,
  /** The schema owner, for migrations; the API migrates at boot only when this is set. */
  DATABASE_MIGRATION_URL: postgresUrl.optional(),
  DATABASE_POOL_SIZE: integer(1, 200).default(10),
  MIGRATE_ON_START: flag.default(true),
  REDIS_URL: redisUrl.optional(),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_{}-]{1,40}$/, 'expected 1 to 40 letters, digits, _, -, { or }')
    .default('kaizen'),
  WORKER_CONCURRENCY: integer(1, 500).default(10),
  QUEUE_LOCK_MS: integer(1_000, 600_000).default(30_000),
  QUEUE_RETRY_DELAY_MS: integer(10, 3_600_000).optional(),
  /** How long a claimed outbox row is left to the worker that claimed it before another may send it. */
  OUTBOX_CLAIM_MS: integer(1_000, 3_600_000).default(120_000),
  /** Readiness fails when the oldest outbox row due for sending has waited longer than this. */
  OUTBOX_READY_MAX_AGE_MS: integer(1_000, 86_400_000).default(900_000),
  /** Outbox rows delivered (or skipped) longer ago than this many days are deleted by a daily sweep. */
  OUTBOX_RETENTION_DAYS: integer(1, 3_650).default(7),
  /** Bearer token that `GET /metrics` asks for; without it the endpoint is off (404). */
  METRICS_TOKEN: z.string().min(16, 'expected at least 16 characters').optional(),
  WEBHOOK_ALLOW_PRIVATE_TARGETS: flag.default(false),
  LOG_LEVEL: z.enum(logLevels, { error: `expected one of ${logLevels.join(', ')}` }).default('info'),
  AUTH_SECRET: z
    .string({ error: 'required, expected at least 32 random characters' })
    .min(32, 'expected at least 32 random characters'),
  /**
   * Seals scan answers at rest: the first seals, every one opens. Defaults to AUTH_SECRET; set it to
   * the old AUTH_SECRET before changing that, or sealed scan answers can no longer be read.
   */
  SCAN_SEAL_SECRETS: secretList.optional(),
  /**
   * Seals two-factor (TOTP) secrets at rest: the first seals, every one opens. Defaults to AUTH_SECRET; list the
   * old AUTH_SECRET here before changing that, or enrolled authenticators stop working.
   */
  TWO_FACTOR_SECRETS: secretList.optional(),
  /**
   * Seals what single sign-on keeps at rest (client secrets, the provider's tokens) and in the browser
   * during a sign-in. Defaults to AUTH_SECRET; set it to the old AUTH_SECRET before changing that.
   */
  SSO_SECRET_KEY: z.string().min(32, 'expected at least 32 random characters').optional(),
  /** Lets single sign-on talk to an issuer over plain http (a provider on this machine in tests); never in production. */
  SSO_ALLOW_HTTP_ISSUERS: flag.default(false),
  ACCESS_TOKEN_TTL_SECONDS: integer(60, 3600).default(600),
  REFRESH_TOKEN_TTL_DAYS: integer(1, 90).default(30),
  COOKIE_SECURE: flag.default(true),
  /** Behind a reverse proxy, trust its X-Forwarded-For for client addresses (rate limits, audit). */
  TRUST_PROXY: flag.default(false),
  WEB_ROOT: z.string().min(1, 'expected a folder path').optional(),
  APP_URL: z
    .string()
    .refine(
      (value) => /^https?:\/\/[^/]/.test(value) && URL.canParse(value),
      'expected an http:// or https:// URL',
    )
    .default('http://127.0.0.1:3000'),
  SMTP_URL: z
    .string()
    .refine(
      (value) => /^smtps?:\/\/[^/]/.test(value) && URL.canParse(value),
      'expected an smtp:// or smtps:// URL',
    )
    .default('smtp://127.0.0.1:1025'),
  /**
   * SMTP connections a worker keeps open and sends over side by side. 15: each mail waits on two round trips, so
   * more connections send more at once (5 → 15: about +10 to +25 % mails/s on the fan-out bench, larger mark groups);
   * Postfix allows 50 per client by default (smtpd_client_connection_count_limit), so three workers still fit.
   */
  SMTP_POOL_SIZE: integer(1, 100).default(15),
  /** A server that does not accept the TCP connection within this fails the send (retried later). */
  SMTP_CONNECTION_TIMEOUT_MS: integer(100, 600_000).default(10_000),
  /** A server that accepted the connection but sends no greeting within this fails the send. */
  SMTP_GREETING_TIMEOUT_MS: integer(100, 600_000).default(10_000),
  /** A server silent this long in the middle of a send (or an idle pooled connection) is given up. */
  SMTP_SOCKET_TIMEOUT_MS: integer(100, 3_600_000).default(30_000),
  MAIL_FROM: z
    .string()
    .min(3, 'expected a sender such as "Kaizen Loop <noreply@example.com>"')
    .default('Kaizen Loop <noreply@kaizen-loop.local>'),
  SHUTDOWN_GRACE_MS: integer(0, 600_000).default(10_000),
});

export type AppConfig = z.infer<typeof configSchema>;
export type QueueBackendKind = 'redis' | 'postgres';

export function queueBackendOf(config: Pick<AppConfig, 'REDIS_URL'>): QueueBackendKind {
  return config.REDIS_URL ? 'redis' : 'postgres';
}
