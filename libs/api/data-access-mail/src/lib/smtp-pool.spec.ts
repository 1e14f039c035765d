import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server, type Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { SmtpPool, SmtpPoolClosedError, SmtpSendNotStartedError } from './smtp-pool';

/** A server that accepts TCP connections and never says a word; `connected` resolves at the first. */
async function silentServer(): Promise<{
  url: string;
  server: Server;
  sockets: Socket[];
  connected: Promise<void>;
}> {
  const sockets: Socket[] = [];
  let firstConnection: () => void = () => undefined;
  const connected = new Promise<void>((resolve) => (firstConnection = resolve));
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    firstConnection();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `smtp://127.0.0.1:${port}`, server, sockets, connected };
}

/** A port nobody listens on: connections are refused. */
async function refusingUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `smtp://127.0.0.1:${port}`;
}

/** A real SMTP server on loopback that keeps each mail's Message-ID and counts connections; `delayMs` answers late. */
async function smtpServer(delayMs = 0) {
  const messageIds: string[] = [];
  let connections = 0;
  let received: () => void = () => undefined;
  const firstMail = new Promise<void>((resolve) => (received = resolve));
  const server = new SMTPServer({
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    logger: false,
    onConnect(_session, callback) {
      connections++;
      callback();
    },
    onData(stream, _session, callback) {
      let text = '';
      stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
      stream.on('end', () => {
        messageIds.push(/^Message-ID: (.*)$/im.exec(text)?.[1]?.trim() ?? '');
        received();
        setTimeout(() => callback(), delayMs);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    messageIds,
    connections: () => connections,
    firstMail,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A hand-written SMTP server that advertises PIPELINING (unless told not to) and records each chunk it reads, so
 * a test sees how the commands were grouped. `answerMessage: false` leaves a message's end unanswered.
 */
async function scriptedServer({ pipelining = true, answerMessage = true } = {}) {
  const chunks: string[] = [];
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    socket.write('220 scripted ESMTP\r\n');
    let buffered = '';
    let inData = false;
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk.toString('latin1'));
      buffered += chunk.toString('latin1');
      let end: number;
      while ((end = buffered.indexOf('\r\n')) >= 0) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            if (answerMessage) socket.write('250 2.0.0 queued\r\n');
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO')
          socket.write(
            pipelining ? '250-scripted\r\n250-PIPELINING\r\n250 8BITMIME\r\n' : '250 scripted\r\n',
          );
        else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    chunks,
    stop: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const HOUR = 3_600_000;
const envelope = (i: number) => ({ from: 'noreply@kaizen.test', to: [`person${i}@example.com`] });
const raw = (i: number) =>
  Buffer.from(
    `From: noreply@kaizen.test\r\nTo: person${i}@example.com\r\nSubject: Mail ${i}\r\nMessage-ID: <mail-${i}@kaizen.test>\r\n\r\nHello ${i}\r\n`,
  );

describe('SmtpPool', () => {
  const cleanup: Array<() => Promise<unknown> | unknown> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  function pool(
    url: string,
    size: number,
    timeouts: Partial<Record<'connect' | 'greeting' | 'socket', number>> = {},
  ) {
    const created = new SmtpPool({
      url,
      size,
      connectionTimeoutMs: timeouts.connect ?? HOUR,
      greetingTimeoutMs: timeouts.greeting ?? HOUR,
      socketTimeoutMs: timeouts.socket ?? HOUR,
    });
    cleanup.push(() => created.close(0));
    return created;
  }

  it('sends many mails over at most `size` connections, each mail exactly once', async () => {
    const server = await smtpServer();
    cleanup.push(() => server.stop());
    const smtp = pool(server.url, 3);
    await Promise.all(Array.from({ length: 40 }, (_, i) => smtp.send(envelope(i), raw(i))));
    expect(server.messageIds).toHaveLength(40);
    expect(new Set(server.messageIds).size).toBe(40);
    expect(server.connections()).toBeLessThanOrEqual(3);
  });

  it('fails a send to a server that never greets with a greeting timeout, and the next send tries afresh', async () => {
    const silent = await silentServer();
    cleanup.push(() => new Promise((resolve) => silent.server.close(resolve)));
    cleanup.push(() => silent.sockets.forEach((socket) => socket.destroy()));
    const smtp = pool(silent.url, 1, { greeting: 200 });
    await expect(smtp.send(envelope(1), raw(1))).rejects.toThrow(/greeting never received/i);
    await expect(smtp.send(envelope(2), raw(2))).rejects.toThrow(/greeting never received/i);
    expect(silent.sockets).toHaveLength(2);
  });

  it('fails a send to a refusing server at once, without keeping its slot: later sends still get a connection', async () => {
    const smtp = pool(await refusingUrl(), 1);
    for (let i = 0; i < 3; i++) await expect(smtp.send(envelope(i), raw(i))).rejects.toThrow(/ECONNREFUSED/);
    expect(smtp.connections).toBe(0);
  });

  it('closes while sends hang on a server that never answers: every send rejects as not sent, none is left running', async () => {
    const silent = await silentServer();
    cleanup.push(() => new Promise((resolve) => silent.server.close(resolve)));
    const smtp = pool(silent.url, 2);
    // Two on connections that wait for a greeting, three more waiting for a connection.
    const sends = Array.from({ length: 5 }, (_, i) => smtp.send(envelope(i), raw(i)));
    const settled = Promise.allSettled(sends);
    await silent.connected;
    await smtp.close(0);
    const results = await settled;
    expect(results.map((result) => result.status)).toEqual(Array(5).fill('rejected'));
    for (const result of results)
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(SmtpPoolClosedError);
    expect(smtp.connections).toBe(0);
    await expect(smtp.send(envelope(9), raw(9))).rejects.toBeInstanceOf(SmtpPoolClosedError);
  });

  it('closes while sends are refused: nothing waits for a connection that can never come', async () => {
    const smtp = pool(await refusingUrl(), 2);
    const settled = Promise.allSettled(Array.from({ length: 10 }, (_, i) => smtp.send(envelope(i), raw(i))));
    await smtp.close(0);
    const results = await settled;
    expect(results.every((result) => result.status === 'rejected')).toBe(true);
    expect(smtp.connections).toBe(0);
  });

  it('lets a send that is under way finish within the grace on close', async () => {
    const server = await smtpServer(200);
    cleanup.push(() => server.stop());
    const smtp = pool(server.url, 1);
    const sending = smtp.send(envelope(1), raw(1));
    await server.firstMail;
    await smtp.close(HOUR);
    await expect(sending).resolves.toBeUndefined();
    expect(server.messageIds).toEqual(['<mail-1@kaizen.test>']);
  });

  it('hands over no mail whose connection came free after its start-by moment: it rejects as not sent, the rest go out', async () => {
    const server = await smtpServer(300);
    cleanup.push(() => server.stop());
    const smtp = pool(server.url, 1);
    // The first holds the one connection for 300 ms; the second may only start within 100 ms.
    const first = smtp.send(envelope(1), raw(1));
    const late = smtp.send(envelope(2), raw(2), Date.now() + 100);
    const third = smtp.send(envelope(3), raw(3));
    await expect(late).rejects.toBeInstanceOf(SmtpSendNotStartedError);
    await Promise.all([first, third]);
    expect(server.messageIds).toEqual(['<mail-1@kaizen.test>', '<mail-3@kaizen.test>']);
    expect(server.connections()).toBe(1);
  });

  it('pipelines MAIL, RCPT and DATA in one write when the server advertises PIPELINING (RFC 2920), the message in one more', async () => {
    const server = await scriptedServer();
    cleanup.push(() => server.stop());
    const smtp = pool(server.url, 1);
    await smtp.send(envelope(1), raw(1));
    await smtp.send(envelope(2), raw(2));
    const commands = server.chunks.filter((chunk) => chunk.startsWith('MAIL FROM'));
    expect(commands).toEqual([
      'MAIL FROM:<noreply@kaizen.test>\r\nRCPT TO:<person1@example.com>\r\nDATA\r\n',
      'MAIL FROM:<noreply@kaizen.test>\r\nRCPT TO:<person2@example.com>\r\nDATA\r\n',
    ]);
    const message = server.chunks.find((chunk) => chunk.startsWith('From:'));
    expect(message).toBe(`${raw(1).toString()}.\r\n`);
  });

  it('sends command by command to a server without PIPELINING', async () => {
    const server = await scriptedServer({ pipelining: false });
    cleanup.push(() => server.stop());
    const smtp = pool(server.url, 1);
    await smtp.send(envelope(1), raw(1));
    expect(server.chunks.some((chunk) => chunk.startsWith('MAIL FROM'))).toBe(true);
    expect(server.chunks.every((chunk) => !/RCPT/.test(chunk) || chunk.startsWith('RCPT'))).toBe(true);
  });

  it('fails a pipelined send whose recipient the server refuses, and sends the next on a fresh connection', async () => {
    const received: string[] = [];
    const server = new SMTPServer({
      disabledCommands: ['AUTH', 'STARTTLS'],
      authOptional: true,
      logger: false,
      onRcptTo(address, _session, callback) {
        if (address.address === 'person1@example.com') return callback(new Error('no such mailbox'));
        callback();
      },
      onData(stream, session, callback) {
        stream.resume();
        stream.on('end', () => {
          received.push(session.envelope.rcptTo[0]?.address ?? '');
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const smtp = pool(`smtp://127.0.0.1:${(server.server.address() as { port: number }).port}`, 1);
    await expect(smtp.send(envelope(1), raw(1))).rejects.toThrow(/RCPT TO refused: 550.*no such mailbox/);
    await smtp.send(envelope(2), raw(2));
    expect(received).toEqual(['person2@example.com']);
  });

  it('stuffs a line that opens with a dot and ends the message properly, so the server reads it unchanged', async () => {
    let body = '';
    const server = new SMTPServer({
      disabledCommands: ['AUTH', 'STARTTLS'],
      authOptional: true,
      logger: false,
      onData(stream, _session, callback) {
        stream.on('data', (chunk: Buffer) => (body += chunk.toString('latin1')));
        stream.on('end', () => callback());
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const smtp = pool(`smtp://127.0.0.1:${(server.server.address() as { port: number }).port}`, 1);
    const message = 'Subject: dots\r\n\r\n.\r\n..two\r\n.one\r\nlast line without break';
    await smtp.send(envelope(1), Buffer.from(message));
    expect(body).toBe(`${message}\r\n`);
  });

  it('fails a pipelined send whose message the server never answers, by the socket timeout', async () => {
    const server = await scriptedServer({ answerMessage: false });
    cleanup.push(() => server.stop());
    const smtp = pool(server.url, 1, { socket: 200 });
    await expect(smtp.send(envelope(1), raw(1))).rejects.toThrow(/timeout/i);
    expect(smtp.connections).toBe(0);
  });
});
