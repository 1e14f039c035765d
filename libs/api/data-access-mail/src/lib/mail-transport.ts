import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import SMTPPool from 'nodemailer/lib/smtp-pool';
import { APP_CONFIG } from '@kaizen/api/util-core';
import type { AppConfig } from '@kaizen/shared/util-config';

export interface OutgoingMail {
  /** A stable Message-ID lets mail systems drop a copy sent again after a crash. */
  messageId?: string;
  /** One recipient address. */
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Options SMTP_URL does not set itself: a dead or stalled server fails a send in seconds, not minutes. */
const TIMEOUTS: Pick<SMTPPool.Options, 'connectionTimeout' | 'greetingTimeout' | 'socketTimeout'> = {
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  socketTimeout: 30_000,
};

/**
 * One nodemailer SMTP transport for the process, built from SMTP_URL (`smtp://` or `smtps://`,
 * credentials and query options such as `?ignoreTLS=true` in the URL), sending as MAIL_FROM.
 * A failed delivery rejects, so the job that asked for it is retried.
 */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly transporter: Transporter<SMTPPool.SentMessageInfo>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    // Pooled: a worker sending many mails reuses SMTP_POOL_SIZE connections side by side, each kept for as
    // many mails as come (nodemailer's default reconnects after 100), instead of a handshake per mail. The pool
    // is built here because createTransport, given a `url`, reads only the URL and drops every other option.
    this.transporter = nodemailer.createTransport(
      new SMTPPool({
        ...TIMEOUTS,
        url: config.SMTP_URL,
        maxConnections: config.SMTP_POOL_SIZE,
        maxMessages: Infinity,
      }),
    );
  }

  async send(mail: OutgoingMail): Promise<{ messageId: string }> {
    const info = await this.transporter.sendMail({
      from: this.config.MAIL_FROM,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      ...(mail.messageId ? { messageId: mail.messageId } : {}),
    });
    return { messageId: info.messageId };
  }

  /** The worker stops its jobs before this runs, so no send is cut off. */
  onApplicationShutdown(): void {
    this.transporter.close();
  }
}
