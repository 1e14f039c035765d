import { connect, type Socket } from 'node:net';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { parseConnectionUrl } from 'nodemailer/lib/shared';

export interface SmtpPoolOptions {
  /** `smtp://` or `smtps://`, with `user:password@` and query options such as `?ignoreTLS=true`. */
  url: string;
  /** Connections kept open at most; more sends wait for one to come free. */
  size: number;
  connectionTimeoutMs: number;
  greetingTimeoutMs: number;
  socketTimeoutMs: number;
}

/** The pool is closing or closed: nothing was handed to the SMTP server, or what was is cut off unanswered. */
export class SmtpPoolClosedError extends Error {
  constructor(message = 'SMTP pool closed: the mail was not sent') {
    super(message);
    this.name = 'SmtpPoolClosedError';
  }
}

/** A connection came free only after the send's start-by moment: nothing was handed to the SMTP server. */
export class SmtpSendNotStartedError extends Error {
  constructor() {
    super('SMTP send not started: no connection came free before its start-by moment');
    this.name = 'SmtpSendNotStartedError';
  }
}

/** The server refused a command of a pipelined send; `responseCode` as nodemailer's errors carry it. */
export class SmtpReplyError extends Error {
  readonly responseCode: number;
  constructor(
    command: string,
    readonly response: string,
  ) {
    super(`SMTP ${command} refused: ${response}`);
    this.name = 'SmtpReplyError';
    this.responseCode = Number(response.slice(0, 3));
  }
}

/**
 * What of nodemailer's SMTPConnection a pipelined send uses: its socket (TLS once upgraded), the queue of handlers
 * it calls with each reply in turn, and the extensions the server named in its EHLO reply.
 */
interface ConnectionInternals {
  _socket: Socket;
  _responseActions: Array<(reply: string) => void>;
  _supportedExtensions: string[];
}

/** Addresses a pipelined send can put in MAIL FROM / RCPT TO as they are (anything else goes through nodemailer). */
const PLAIN_ADDRESS = /^[\x21-\x3b\x3d\x3f-\x7e]+$/;

/**
 * The message as DATA carries it: CRLF line ends, a line opening with "." doubled, ended by "." on a line.
 * Usually nothing to change (composeMail writes CRLF and no leading dot), so it is checked before copied.
 */
function dataBlock(raw: Buffer): Buffer {
  let text = raw.toString('latin1');
  if (/(?:^|[^\r])\n|\r(?!\n)/.test(text)) text = text.replace(/\r\n|\r|\n/g, '\r\n');
  if (text.startsWith('.') || text.includes('\n.')) text = text.replace(/^\./, '..').replace(/\n\./g, '\n..');
  return Buffer.from(text.endsWith('\r\n') || text === '' ? `${text}.\r\n` : `${text}\r\n.\r\n`, 'latin1');
}

/**
 * One SMTP connection. Every step on it (connect, login, send) settles: with its answer, or with the first
 * error, timeout or close of the connection, or when the pool cuts it off. nodemailer's own callbacks are not
 * called at all when the socket goes away in the middle of a command, which is what kept a worker from shutting down.
 */
class SmtpSession {
  private connection: SMTPConnection | undefined;
  private socket: Socket | undefined;
  private pending: ((error: Error) => void) | undefined;
  private ended: Error | undefined;
  /** True while a mail is being handed over. */
  sending = false;

  constructor(
    private readonly options: SMTPConnection.Options,
    private readonly timeouts: Pick<SmtpPoolOptions, 'connectionTimeoutMs'>,
    private readonly onEnd: (session: SmtpSession) => void,
  ) {}

  get alive(): boolean {
    return !this.ended;
  }

  async open(): Promise<void> {
    // A socket of our own, so a cut-off can destroy it; Nagle off, or each piece of a mail after the first waits
    // for the server's delayed acknowledgement (up to 40 ms per mail per connection).
    const socket = connect({
      host: this.options.host ?? 'localhost',
      port: this.options.port ?? 25,
      noDelay: true,
    });
    this.socket = socket;
    socket.on('error', (error) => this.end(error));
    socket.once('close', () => this.end(new Error('SMTP connection closed')));
    socket.setTimeout(this.timeouts.connectionTimeoutMs, () =>
      this.end(new Error(`SMTP connection timeout after ${this.timeouts.connectionTimeoutMs} ms`)),
    );
    await this.step<void>((done) => socket.once('connect', () => done(null)));
    socket.setTimeout(0);
    const connection = new SMTPConnection({ ...this.options, connection: socket });
    this.connection = connection;
    // SMTPConnection reports a failure (a timeout too) as an event, then closes: that ends the session.
    connection.on('error', (error: Error) => this.end(error));
    connection.once('end', () => this.end(new Error('SMTP connection closed')));
    await this.step<void>((done) => connection.connect((error) => done(error ?? null)));
    const auth = this.options.auth;
    if (auth?.user)
      await this.step<void>((done) =>
        connection.login(auth as SMTPConnection.AuthenticationCredentials, (error) => done(error ?? null)),
      );
  }

  async send(envelope: SMTPConnection.Envelope, raw: Buffer): Promise<void> {
    const connection = this.connection as SMTPConnection;
    this.sending = true;
    try {
      const from = typeof envelope.from === 'string' ? envelope.from : undefined;
      const to = envelope.to;
      if (
        this.pipelining &&
        from !== undefined &&
        Array.isArray(to) &&
        to.length === 1 &&
        PLAIN_ADDRESS.test(from) &&
        PLAIN_ADDRESS.test(to[0])
      )
        await this.step<void>((done) => this.sendPipelined(from, to[0], raw, done));
      else await this.step<void>((done) => connection.send(envelope, raw, (error) => done(error ?? null)));
    } finally {
      this.sending = false;
    }
  }

  /**
   * The server takes commands in groups (RFC 2920 PIPELINING, named in its EHLO reply). Should a nodemailer release
   * no longer have the internals used, mail goes command by command (the pipelining test in smtp-pool.spec fails).
   */
  private get pipelining(): boolean {
    const internals = this.connection as unknown as Partial<ConnectionInternals>;
    return (
      Array.isArray(internals._responseActions) &&
      typeof internals._socket?.write === 'function' &&
      Array.isArray(internals._supportedExtensions) &&
      internals._supportedExtensions.includes('PIPELINING')
    );
  }

  /**
   * Two round trips instead of four: MAIL, RCPT and DATA in one write, their three replies read in turn, then the
   * message and its end in one more. Any refusal fails the send (the pool then drops the connection, whose state
   * it no longer knows); a silent server fails it by nodemailer's socket timeout, a closed one by the session's end.
   */
  private sendPipelined(from: string, to: string, raw: Buffer, done: (error: Error | null) => void): void {
    const internals = this.connection as unknown as ConnectionInternals;
    const replies: string[] = [];
    internals._responseActions.push(
      (reply) => replies.push(reply),
      (reply) => replies.push(reply),
      (reply) => {
        const [mail, rcpt] = replies;
        if (!mail.startsWith('2')) return done(new SmtpReplyError('MAIL FROM', mail));
        if (!rcpt.startsWith('2')) return done(new SmtpReplyError('RCPT TO', rcpt));
        if (!reply.startsWith('354')) return done(new SmtpReplyError('DATA', reply));
        internals._responseActions.push((final) =>
          done(final.startsWith('2') ? null : new SmtpReplyError('message', final)),
        );
        internals._socket.write(dataBlock(raw));
      },
    );
    internals._socket.write(`MAIL FROM:<${from}>\r\nRCPT TO:<${to}>\r\nDATA\r\n`, 'latin1');
  }

  /** Says goodbye to an idle server; the socket no longer keeps the process alive. */
  quit(): void {
    if (this.ended) return;
    this.socket?.unref();
    this.connection?.quit();
    this.end(new SmtpPoolClosedError(), false);
  }

  /** Drops the connection at once; a running step rejects with `reason`. */
  abort(reason: Error): void {
    this.end(reason);
  }

  private end(reason: Error, destroy = true): void {
    if (destroy) this.socket?.destroy();
    if (!this.ended) {
      this.ended = reason;
      this.onEnd(this);
    }
    const pending = this.pending;
    this.pending = undefined;
    pending?.(reason);
  }

  private step<T>(run: (done: (error: Error | null, value?: T) => void) => void): Promise<T> {
    if (this.ended) return Promise.reject(this.ended);
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const done = (error: Error | null, value?: T) => {
        if (settled) return;
        settled = true;
        this.pending = undefined;
        if (error) reject(error);
        else resolve(value as T);
      };
      this.pending = (error) => done(error);
      run(done);
    });
  }
}

/**
 * Up to `size` SMTP connections, each kept for as many mails as come, with the connection, greeting and socket
 * timeouts always applied. Written here rather than nodemailer's pool, which requeues a mail forever when a
 * server closes on it, keeps a dead connection's slot when its socket cannot be opened, and leaves a send
 * running on close: each of those could hold a job, and so the worker's shutdown, for good.
 */
export class SmtpPool {
  private readonly connectionOptions: SMTPConnection.Options;
  private readonly sessions = new Set<SmtpSession>();
  private readonly idle: SmtpSession[] = [];
  private readonly waiting: Array<{
    resolve: (session: SmtpSession) => void;
    reject: (error: Error) => void;
  }> = [];
  private readonly running = new Set<Promise<unknown>>();
  private closed = false;

  constructor(private readonly options: SmtpPoolOptions) {
    this.connectionOptions = {
      ...parseConnectionUrl(options.url),
      connectionTimeout: options.connectionTimeoutMs,
      greetingTimeout: options.greetingTimeoutMs,
      socketTimeout: options.socketTimeoutMs,
    };
  }

  /** SMTP connections open or opening now. */
  get connections(): number {
    return this.sessions.size;
  }

  /**
   * Hands one built mail to the SMTP server; rejects on any failure, the mail then counts as not sent. With
   * `startBy` (epoch ms), a mail still waiting for a connection then is not handed over at all.
   */
  async send(envelope: SMTPConnection.Envelope, raw: Buffer, startBy?: number): Promise<void> {
    const sent = this.sendOnSession(envelope, raw, startBy);
    this.running.add(sent);
    try {
      await sent;
    } finally {
      this.running.delete(sent);
    }
  }

  /**
   * Takes no more mail and closes the idle connections. A send still running gets `graceMs` to finish (a healthy
   * server answers in milliseconds), then its connection is cut: the send rejects, and its mail counts as not sent.
   */
  async close(graceMs: number): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter.reject(new SmtpPoolClosedError());
    for (const session of this.idle.splice(0)) session.quit();
    // A connection still opening has sent no mail: nothing to wait for.
    for (const session of this.sessions) if (!session.sending) session.abort(new SmtpPoolClosedError());
    if (this.running.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...this.running]),
        new Promise((resolve) => (timer = setTimeout(resolve, graceMs))),
      ]);
      clearTimeout(timer);
    }
    for (const session of this.sessions)
      session.abort(new SmtpPoolClosedError('SMTP send cut off by shutdown: the mail counts as not sent'));
    await Promise.allSettled([...this.running]);
  }

  private async sendOnSession(
    envelope: SMTPConnection.Envelope,
    raw: Buffer,
    startBy: number | undefined,
  ): Promise<void> {
    const session = await this.acquire();
    if (startBy !== undefined && Date.now() > startBy) {
      this.release(session);
      throw new SmtpSendNotStartedError();
    }
    try {
      await session.send(envelope, raw);
    } catch (error) {
      // After a failed send the connection's state is unknown: never reuse it.
      session.abort(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
    this.release(session);
  }

  private acquire(): Promise<SmtpSession> {
    if (this.closed) return Promise.reject(new SmtpPoolClosedError());
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.dispatch();
    });
  }

  private release(session: SmtpSession): void {
    if (this.closed || !session.alive) return session.quit();
    this.idle.push(session);
    this.dispatch();
  }

  /** Gives waiting sends an idle connection, or a new one while there is room. */
  private dispatch(): void {
    while (this.waiting.length > 0 && !this.closed) {
      const idle = this.idle.pop();
      if (idle) {
        if (idle.alive) this.waiting.shift()?.resolve(idle);
        continue;
      }
      if (this.sessions.size >= this.options.size) return;
      const waiter = this.waiting.shift() as (typeof this.waiting)[number];
      const session = new SmtpSession(this.connectionOptions, this.options, (ended) => this.forget(ended));
      this.sessions.add(session);
      session.open().then(
        () => {
          if (!this.closed) return waiter.resolve(session);
          session.abort(new SmtpPoolClosedError());
          waiter.reject(new SmtpPoolClosedError());
        },
        (error: Error) => {
          session.abort(error);
          waiter.reject(error);
        },
      );
    }
  }

  /** A connection that ended leaves room for another. */
  private forget(session: SmtpSession): void {
    this.sessions.delete(session);
    const index = this.idle.indexOf(session);
    if (index >= 0) this.idle.splice(index, 1);
    if (!this.closed) queueMicrotask(() => this.dispatch());
  }
}
