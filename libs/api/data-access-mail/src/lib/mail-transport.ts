import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
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
const TIMEOUTS: Pick<SMTPTransport.Options, 'connectionTimeout' | 'greetingTimeout' | 'socketTimeout'> = {
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  socketTimeout: 30_000,
};

/** SMTP connections a process keeps open at most. */
const POOL_CONNECTIONS = 5;

/**
 * One nodemailer SMTP transport for the process, built from SMTP_URL (`smtp://` or `smtps://`,
 * credentials and query options such as `?ignoreTLS=true` in the URL), sending as MAIL_FROM.
 * A failed delivery rejects, so the job that asked for it is retried.
 */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly transporter: Transporter<SMTPTransport.SentMessageInfo>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    // Pooled: a worker sending many mails reuses a few connections instead of a handshake per mail.
    const options = {
      ...TIMEOUTS,
      url: config.SMTP_URL,
      pool: true,
      maxConnections: POOL_CONNECTIONS,
    } as SMTPTransport.Options;
    this.transporter = nodemailer.createTransport(options);
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
