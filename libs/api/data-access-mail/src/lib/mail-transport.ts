import { Inject, Injectable, Optional, type OnApplicationShutdown } from '@nestjs/common';
import { JobsStopping } from '@kaizen/api/data-access-queue';
import { APP_CONFIG } from '@kaizen/api/util-core';
import type { AppConfig } from '@kaizen/shared/util-config';
import { composeMail, parseSender } from './compose-mail';
import { SmtpPool } from './smtp-pool';

export { SmtpSendNotStartedError } from './smtp-pool';

export interface OutgoingMail {
  /** A stable Message-ID lets mail systems drop a copy sent again after a crash. */
  messageId?: string;
  /** One recipient address. */
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** How long a send still running at shutdown may finish: a healthy server answers within milliseconds. */
const SHUTDOWN_SEND_GRACE_MS = 1_000;

/**
 * The process's SMTP connections (SMTP_POOL_SIZE, built from SMTP_URL: `smtp://` or `smtps://`, credentials and
 * query options such as `?ignoreTLS=true` in the URL), sending as MAIL_FROM, with the SMTP_*_TIMEOUT_MS
 * timeouts always applied. A failed delivery rejects, so the job that asked for it is retried.
 */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly pool: SmtpPool;
  private readonly sender: ReturnType<typeof parseSender>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() stopping?: JobsStopping,
  ) {
    this.sender = parseSender(config.MAIL_FROM);
    this.pool = new SmtpPool({
      url: config.SMTP_URL,
      size: config.SMTP_POOL_SIZE,
      connectionTimeoutMs: config.SMTP_CONNECTION_TIMEOUT_MS,
      greetingTimeoutMs: config.SMTP_GREETING_TIMEOUT_MS,
      socketTimeoutMs: config.SMTP_SOCKET_TIMEOUT_MS,
    });
    // When the worker stops, before it waits for its running jobs: a send stuck on a dead server is cut off (its
    // job fails, its outbox row is released for a retry) instead of holding the shutdown.
    stopping?.whenStopping(() => this.pool.close(SHUTDOWN_SEND_GRACE_MS));
  }

  /** SMTP connections open or opening now. */
  get connections(): number {
    return this.pool.connections;
  }

  /** `startBy` (epoch ms): if no connection is free by then, nothing is sent (SmtpSendNotStartedError). */
  async send(mail: OutgoingMail, startBy?: number): Promise<{ messageId: string }> {
    // Composed as one string, not through nodemailer's streams: a quarter of a busy worker's CPU went there.
    const { envelope, raw, messageId } = composeMail(this.sender, mail);
    await this.pool.send(envelope, raw, startBy);
    return { messageId };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.close(SHUTDOWN_SEND_GRACE_MS);
  }
}
