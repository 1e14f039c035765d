/** A mail as the catcher received it. */
export interface CaughtMail {
  /** The From header, e.g. `Kaizen Loop <noreply@kaizen-loop.local>` (else the envelope sender). */
  from: string;
  /** The envelope recipients: the addresses the mail was actually delivered to. */
  to: string[];
  subject: string;
  /** The plain-text part ('' when there is none). */
  text: string;
  /** The HTML part ('' when there is none). */
  html: string;
  date: Date;
  /** The Message-ID header, with its angle brackets ('' when there is none). */
  messageId: string;
  /** Every header, by lower-case name. */
  headers: Record<string, string>;
}

export interface SmtpCatcher {
  /** `smtp://127.0.0.1:PORT`, usable as SMTP_URL. */
  url: string;
  port: number;
  /** Every mail received since the start or the last `clear()`, oldest first (none with `keep: false`). */
  messages(): CaughtMail[];
  /** How many mails were received. */
  count(): number;
  /** Each received mail's Message-ID, in order, duplicates included (with `keep: false`, only with `ids: true`). */
  messageIds(): string[];
  /** How many SMTP connections were opened to it. */
  connections(): number;
  /** Calls `listener` for each mail received from now on; returns a function that unsubscribes. */
  onMessage(listener: (mail: CaughtMail) => void): () => void;
  /**
   * Resolves with the first mail, already received or still to come, that matches `predicate`.
   * Rejects after `timeoutMs` (default 10 000) naming `description` (default: the predicate's source)
   * and listing what did arrive.
   */
  waitFor(
    predicate: (mail: CaughtMail) => boolean,
    timeoutMs?: number,
    description?: string,
  ): Promise<CaughtMail>;
  /** Forgets the mail received so far. */
  clear(): void;
  /** Stops listening; open sessions get a second to end. Pending `waitFor` calls reject. */
  stop(): Promise<void>;
}

/** Starts a real SMTP server on 127.0.0.1 (no auth, no TLS); `port: 0`, the default, picks a free port. */
export function startSmtpCatcher(options?: {
  port?: number;
  /** Answer each mail this much later, having kept it at once: a slow server. */
  delayMs?: number;
  /** False: count mails without parsing or keeping them (benchmarks). */
  keep?: boolean;
  /** With `keep: false`: note each mail's Message-ID all the same (one header read per mail). */
  ids?: boolean;
}): Promise<SmtpCatcher>;

/** The http(s) links in a text, in order, each once. */
export function findLinks(text: string): string[];
