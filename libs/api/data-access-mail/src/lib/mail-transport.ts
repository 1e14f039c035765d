import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { connect } from 'node:net';
import nodemailer, { type Transporter } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
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
 * A plain TCP connection with Nagle's algorithm off. nodemailer writes a mail's body in several pieces; with
 * Nagle on, each piece after the first waits for the server's acknowledgement, which the server delays (up to
 * 40 ms) while it waits for the rest: about 50 ms per mail on a connection instead of about 2. STARTTLS still
 * upgrades this connection; `smtps://` (TLS from the first byte) keeps nodemailer's own socket.
 */
const getSocket: NonNullable<SMTPPool.Options['getSocket']> = (options, callback) => {
  if (options.secure) return callback(null, false);
  const socket = connect({ host: options.host ?? 'localhost', port: options.port ?? 587, noDelay: true });
  const failed = (error: Error) => {
    socket.destroy();
    callback(error, false);
  };
  socket.setTimeout(TIMEOUTS.connectionTimeout ?? 10_000, () =>
    failed(new Error('SMTP connection timed out')),
  );
  socket.once('error', failed);
  socket.once('connect', () => {
    socket.setTimeout(0);
    socket.off('error', failed);
    callback(null, { connection: socket });
  });
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
        pool: true,
        url: config.SMTP_URL,
        maxConnections: config.SMTP_POOL_SIZE,
        maxMessages: Infinity,
        getSocket,
      }),
    );
  }

  async send(mail: OutgoingMail): Promise<{ messageId: string }> {
    // Built whole before sending, so it leaves in a few writes instead of one per encoded line; quoted-printable
    // named up front spares scanning every text for its encoding.
    const message = new MailComposer({
      from: this.config.MAIL_FROM,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      textEncoding: 'quoted-printable',
      ...(mail.messageId ? { messageId: mail.messageId } : {}),
    }).compile();
    const raw = await message.build();
    await this.transporter.sendMail({ envelope: message.getEnvelope(), raw });
    return { messageId: message.messageId() };
  }

  /** The worker stops its jobs before this runs, so no send is cut off. */
  onApplicationShutdown(): void {
    this.transporter.close();
  }
}
