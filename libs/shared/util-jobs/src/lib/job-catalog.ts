/**
 * The one place where queues, their jobs and the jobs' payloads are declared.
 * The API enqueues by these names; the worker refuses to boot unless every job
 * declared here has exactly one handler.
 */

export interface JobOptions {
  /** Attempts before a job counts as failed and stays visible in the failed set. */
  attempts: number;
  backoff: { type: 'exponential' | 'fixed'; delay: number };
}

/**
 * Where a job's work runs, declared with the job so the worker, not each handler, enters the tenant:
 * - `tenant`: one transaction of the payload's organisation, which the worker opens around the handler,
 *   as every HTTP request gets one;
 * - `tenant-steps`: one organisation, in several transactions the handler opens itself, because part of
 *   the work must run outside any (a send to an SMTP server) or in batches;
 * - `platform`: no organisation, or a sweep across all of them, each entered in turn.
 */
export type JobScope = 'tenant' | 'tenant-steps' | 'platform';

/** A declared job: its scope and default options, with the payload type carried as a phantom. */
export interface JobDeclaration<Payload> {
  readonly scope: JobScope;
  readonly options: JobOptions;
  readonly __payload?: Payload;
}

function declare<Payload>(scope: JobScope, options: Partial<JobOptions>): JobDeclaration<Payload> {
  return { scope, options: { attempts: 5, backoff: { type: 'exponential', delay: 1_000 }, ...options } };
}

/** A job about one organisation, run inside that organisation's transaction. */
const tenantJob = <Payload extends TenantJob>(options: Partial<JobOptions> = {}) =>
  declare<Payload>('tenant', options);
/** A job about one organisation whose handler opens its own transactions (see `JobScope`). */
const tenantStepsJob = <Payload>(options: Partial<JobOptions> = {}) =>
  declare<Payload>('tenant-steps', options);
/** A job of the platform: no organisation, or a sweep across organisations. */
const platformJob = <Payload>(options: Partial<JobOptions> = {}) => declare<Payload>('platform', options);

/** Proves the loop API -> queue -> worker; the worker records when it saw it. */
export interface HeartbeatPayload {
  heartbeatId: string;
  requestedAt: string;
}

/** Parameters of each mail template; the worker renders them in the recipient's language. */
export interface MailTemplates {
  'password-reset': { link: string; expiresInMinutes: number };
  invitation: {
    link: string;
    organisationName: string;
    invitedBy: string;
    role: string;
    expiresInDays: number;
  };
  'scan-invitation': {
    link: string;
    organisationName: string;
    title: string;
    closesAt: string;
    timeZone: string;
  };
  'scan-reminder': {
    link: string;
    organisationName: string;
    title: string;
    closesAt: string;
    timeZone: string;
  };
  /** A notification already worded in the recipient's language (see domain-schedules' describeNotification). */
  notification: { title: string; body: string[]; link: string; button: string; preferencesLink: string };
}

export type SendMailPayload = {
  [T in keyof MailTemplates]: { to: string; locale: 'en' | 'nl'; template: T; params: MailTemplates[T] };
}[keyof MailTemplates];

/** A lifecycle event to fold into the roll-ups; idempotent per event. */
export interface ApplyEventPayload {
  organisationId: string;
  eventId: string;
}

/** Rebuild an organisation's roll-ups from its event log, as a check on the incremental ones. */
export interface RecomputePayload {
  organisationId: string;
}

/** Jobs about one organisation carry its id and run inside its tenant context. */
export interface TenantJob {
  organisationId: string;
}

/** Asks the rules again what an experiment has due, and stores the answer. */
export interface PlanRemindersPayload extends TenantJob {
  experimentId: string;
}

/** Opens one review cycle at its moment, then schedules the next. */
export interface OpenReviewPayload extends TenantJob {
  cadenceId: string;
  opensAt: string;
}

/** Emails one in-app notification, unless it was emailed already or its recipient does not want it. */
export interface DeliverNotificationPayload extends TenantJob {
  notificationId: string;
}

/**
 * Delivers, in batches, whatever of one organisation's outbox is ready when it runs (notification e-mails, mails,
 * webhook posts that are due and outside their recipient's quiet hours). `organisationId` is null for the account
 * outbox (password-reset mails). Jobs from before batching also name a row; it goes out with the rest.
 */
export interface DeliverOutboxPayload {
  organisationId: string | null;
  outboxId?: string;
}

/** "What we learned this week" for one organisation and week (the Monday it started, local date). */
export interface DigestPayload extends TenantJob {
  weekStart: string;
}

/** Posts one webhook delivery; retried with backoff, the webhook is disabled after repeated failures. */
export interface DeliverWebhookPayload extends TenantJob {
  deliveryId: string;
}

/** Mails the invitations of one scan when it opens; one mail job per person, id-keyed. */
export interface ScanJobPayload {
  organisationId: string;
  scanId: string;
}

/** One reminder round (1 or 2) of a scan, to those who have not answered yet. */
export interface ScanReminderPayload extends ScanJobPayload {
  round: 1 | 2;
}

/** Prepares one data export (a ZIP of what the product holds about a person), in steps that show progress. */
export interface DataExportPayload extends TenantJob {
  exportId: string;
}

/** Removes expired exports and, when `retention` is set, applies the organisation's retention periods. */
export interface DataRightsSweepPayload {
  retention: boolean;
}

export const jobCatalog = {
  system: {
    heartbeat: platformJob<HeartbeatPayload>({ attempts: 3, backoff: { type: 'fixed', delay: 500 } }),
  },
  mail: {
    send: platformJob<SendMailPayload>({ attempts: 8, backoff: { type: 'exponential', delay: 2_000 } }),
  },
  scans: {
    invite: tenantJob<ScanJobPayload>({ attempts: 8, backoff: { type: 'exponential', delay: 2_000 } }),
    remind: tenantJob<ScanReminderPayload>({ attempts: 8, backoff: { type: 'exponential', delay: 2_000 } }),
    /** Folds a scan's pending answer sheets into its tallies once enough wait (or it has closed); closing and results fold too. */
    fold: tenantJob<ScanJobPayload>({ attempts: 8, backoff: { type: 'exponential', delay: 2_000 } }),
  },
  rollups: {
    'apply-event': tenantJob<ApplyEventPayload>({
      attempts: 10,
      backoff: { type: 'exponential', delay: 1_000 },
    }),
    recompute: tenantJob<RecomputePayload>({ attempts: 3, backoff: { type: 'exponential', delay: 30_000 } }),
    'recompute-all': platformJob<Record<string, never>>({
      attempts: 3,
      backoff: { type: 'exponential', delay: 60_000 },
    }),
  },
  reminders: {
    plan: tenantJob<PlanRemindersPayload>(),
    /**
     * Fires what is due in the organisation, in batches; the reminder rows make a second run a no-op.
     * One per organisation and moment. (Jobs from before batching carry a reminder id too; it is ignored.)
     */
    fire: tenantStepsJob<TenantJob>({ attempts: 10, backoff: { type: 'exponential', delay: 2_000 } }),
    /** Rebuilds an organisation's reminder jobs from the reminder rows in PostgreSQL. */
    reconcile: tenantJob<TenantJob>({ attempts: 5, backoff: { type: 'exponential', delay: 5_000 } }),
  },
  reviews: {
    open: tenantJob<OpenReviewPayload>({ attempts: 10, backoff: { type: 'exponential', delay: 2_000 } }),
    /** Rebuilds an organisation's review openings from its cadences. */
    reconcile: tenantJob<TenantJob>({ attempts: 5, backoff: { type: 'exponential', delay: 5_000 } }),
  },
  notifications: {
    deliver: tenantJob<DeliverNotificationPayload>({
      attempts: 8,
      backoff: { type: 'exponential', delay: 2_000 },
    }),
    digest: tenantJob<DigestPayload>({ attempts: 5, backoff: { type: 'exponential', delay: 10_000 } }),
    /** Rebuilds an organisation's next digest from the digests already sent. */
    reconcile: tenantJob<TenantJob>({ attempts: 5, backoff: { type: 'exponential', delay: 5_000 } }),
  },
  schedules: {
    /** Every few minutes and at every worker boot: each organisation's schedules are rebuilt from PostgreSQL. */
    'reconcile-all': platformJob<Record<string, never>>({
      attempts: 3,
      backoff: { type: 'exponential', delay: 10_000 },
    }),
  },
  webhooks: {
    deliver: tenantJob<DeliverWebhookPayload>({
      attempts: 6,
      backoff: { type: 'exponential', delay: 5_000 },
    }),
  },
  'data-rights': {
    export: tenantStepsJob<DataExportPayload>({
      attempts: 3,
      backoff: { type: 'exponential', delay: 5_000 },
    }),
    /** Hourly (expired exports) and daily (retention too): one `sweep` per organisation. */
    'sweep-all': platformJob<DataRightsSweepPayload>({
      attempts: 3,
      backoff: { type: 'exponential', delay: 60_000 },
    }),
    sweep: tenantJob<TenantJob & DataRightsSweepPayload>({
      attempts: 3,
      backoff: { type: 'exponential', delay: 30_000 },
    }),
  },
  /**
   * Every outgoing effect, from its row in the outbox; the row counts the attempts, across lost jobs too, and keeps
   * the backoff between them (`deliver` itself is not retried per row).
   */
  outbox: {
    deliver: tenantStepsJob<DeliverOutboxPayload>({
      attempts: 8,
      backoff: { type: 'exponential', delay: 2_000 },
    }),
    /** The relay: every pending row of one organisation (or of the account outbox, with null) gets its job. */
    relay: tenantStepsJob<{ organisationId: string | null }>({
      attempts: 5,
      backoff: { type: 'exponential', delay: 5_000 },
    }),
    /** Daily: a cross-tenant sweep deleting rows delivered longer ago than OUTBOX_RETENTION_DAYS. */
    'retention-sweep': platformJob<Record<string, never>>({
      attempts: 3,
      backoff: { type: 'exponential', delay: 60_000 },
    }),
  },
} as const;

export type JobCatalog = Record<string, Record<string, JobDeclaration<unknown>>>;
export type QueueName = keyof typeof jobCatalog;
export type JobName<Q extends QueueName> = keyof (typeof jobCatalog)[Q] & string;
export type JobPayload<Q extends QueueName, J extends JobName<Q>> =
  (typeof jobCatalog)[Q][J] extends JobDeclaration<infer P> ? P : never;

/** The retry policy a declared job is enqueued with. */
export function declaredOptions<Q extends QueueName>(queue: Q, job: JobName<Q>): JobOptions {
  return (jobCatalog[queue][job] as JobDeclaration<unknown>).options;
}

/** Every (queue, job) pair of a catalogue, as `queue/job` keys. */
export function declaredJobKeys(catalog: JobCatalog): string[] {
  return Object.entries(catalog).flatMap(([queue, jobs]) =>
    Object.keys(jobs).map((name) => jobKey(queue, name)),
  );
}

export function jobKey(queue: string, name: string): string {
  return `${queue}/${name}`;
}
