// A real SMTP server on loopback that keeps every mail it receives, for tests and for `npm start`.
// No authentication and no TLS: it only ever listens on 127.0.0.1 and delivers nothing onwards.
//
//   node tools/smtp-catcher.mjs [port]     (port defaults to 1025, the default SMTP_URL)
//   -> prints "smtp catcher listening on smtp://127.0.0.1:PORT" once it accepts connections,
//      then, for each mail, its recipients, its subject and the links in its text.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

const HOST = '127.0.0.1';
const LINK = /\bhttps?:\/\/[^\s<>"'()[\]{}]+[^\s<>"'()[\]{}.,;:!?]/g;

/** The http(s) links in a text, in order, each once. */
export function findLinks(text) {
  return [...new Set(String(text ?? '').match(LINK) ?? [])];
}

/**
 * Starts the catcher; `port: 0` (the default) picks a free port. `delayMs` makes it a slow server: it keeps
 * each mail as soon as it has read it, and answers only that much later (a crash in between is the window
 * in which a sender cannot know the mail was accepted). `keep: false` only counts mails (for benchmarks), and with
 * `ids: true` also notes each one's Message-ID, read from its header (so a benchmark can tell a mail sent twice).
 */
export async function startSmtpCatcher({ port = 0, delayMs = 0, keep = true, ids = false } = {}) {
  const received = [];
  const receivedIds = [];
  let counted = 0;
  let connections = 0;
  const waiters = new Set();
  const listeners = new Set();

  const accept = (message) => {
    received.push(message);
    for (const waiter of [...waiters]) {
      if (waiter.matches(message)) waiter.resolve(message);
    }
    for (const listener of listeners) listener(message);
  };

  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    banner: 'Kaizen Loop SMTP catcher',
    size: 25 * 1024 * 1024,
    closeTimeout: 1_000,
    logger: false,
    onConnect(session, callback) {
      connections++;
      callback();
    },
    onData(stream, session, callback) {
      if (!keep) {
        // Count only (benchmarks): no parsing, nothing kept but the Message-ID when asked for.
        let head = ids ? '' : null;
        if (ids)
          stream.on('data', (chunk) => {
            if (head === null) return;
            head += chunk.toString('latin1');
            const end = head.indexOf('\r\n\r\n');
            if (end === -1 && head.length < 16_384) return;
            receivedIds.push(
              /^Message-ID:[ \t]*(\S+)/im.exec(end === -1 ? head : head.slice(0, end))?.[1] ?? '',
            );
            head = null;
          });
        stream.on('end', () => {
          if (head !== null) receivedIds.push(/^Message-ID:[ \t]*(\S+)/im.exec(head)?.[1] ?? '');
          counted++;
          callback();
        });
        stream.resume();
        return;
      }
      simpleParser(stream).then(
        (parsed) => {
          accept({
            from: parsed.from?.text || (session.envelope.mailFrom ? session.envelope.mailFrom.address : ''),
            to: session.envelope.rcptTo.map((recipient) => recipient.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            date: parsed.date ?? new Date(),
            messageId: parsed.messageId ?? '',
            headers: Object.fromEntries(
              parsed.headerLines.map((line) => [line.key, line.line.slice(line.key.length + 1).trim()]),
            ),
          });
          if (delayMs > 0) setTimeout(() => callback(), delayMs);
          else callback();
        },
        (error) => {
          stream.resume(); // drain what is left, so the session can answer
          callback(error);
        },
      );
    },
  });
  server.on('error', () => undefined); // a broken client connection must not end the catcher

  await new Promise((resolveListen, reject) => {
    const onError = (error) => reject(error);
    server.server.once('error', onError);
    server.listen(port, HOST, () => {
      server.server.off('error', onError);
      resolveListen();
    });
  });
  const boundPort = server.server.address().port;

  let stopped;
  return {
    url: `smtp://${HOST}:${boundPort}`,
    port: boundPort,
    messages: () => [...received],
    count: () => (keep ? received.length : counted),
    messageIds: () => (keep ? received.map((message) => message.messageId) : [...receivedIds]),
    connections: () => connections,
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    waitFor(predicate, timeoutMs = 10_000, description) {
      const wanted = description ?? `a mail matching ${String(predicate)}`;
      const already = received.find((message) => predicate(message));
      if (already) return Promise.resolve(already);
      return new Promise((resolveWait, reject) => {
        const waiter = {
          matches: (message) => predicate(message),
          resolve: (message) => {
            clearTimeout(timer);
            waiters.delete(waiter);
            resolveWait(message);
          },
          reject: (reason) => {
            clearTimeout(timer);
            waiters.delete(waiter);
            reject(
              new Error(`smtp catcher: waited for ${wanted}, but ${reason}; ${describeReceived(received)}`),
            );
          },
        };
        const timer = setTimeout(() => waiter.reject(`none arrived within ${timeoutMs} ms`), timeoutMs);
        waiters.add(waiter);
      });
    },
    clear() {
      received.length = 0;
    },
    stop() {
      stopped ??= new Promise((resolveStop) => {
        for (const waiter of [...waiters]) waiter.reject('the catcher stopped');
        listeners.clear();
        server.close(() => resolveStop());
      });
      return stopped;
    },
  };
}

function describeReceived(messages) {
  if (messages.length === 0) return 'received no mail at all';
  const list = messages.map((message) => `to ${message.to.join(', ')}: "${message.subject}"`).join('; ');
  return `received ${messages.length}: ${list}`;
}

async function main() {
  const arg = process.argv[2];
  const port = arg === undefined ? 1025 : Number(arg);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`smtp catcher: expected a port from 0 to 65535, got "${arg}"`);
    process.exit(64);
  }
  let catcher;
  try {
    catcher = await startSmtpCatcher({ port });
  } catch (error) {
    const reason =
      error?.code === 'EADDRINUSE'
        ? `port ${port} is already in use (another mail catcher?)`
        : String(error?.message ?? error);
    console.error(`smtp catcher: cannot listen on ${HOST}:${port}: ${reason}`);
    process.exit(1);
  }
  console.log(`smtp catcher listening on ${catcher.url}`);
  catcher.onMessage((message) => {
    const lines = [`mail to ${message.to.join(', ')}: ${message.subject}`];
    for (const link of findLinks(message.text)) lines.push(`  ${link}`);
    console.log(lines.join('\n'));
  });
  const stop = () => catcher.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
