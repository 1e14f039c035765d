import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server, type Socket } from 'node:net';
import { startSmtpCatcher, type SmtpCatcher } from '../../tools/smtp-catcher.mjs';
import { uniqueEmail } from '../support/api-client';
import { startDeliveryWorld, type DeliveryWorld } from '../support/delivery-world';
import { startWorker } from '../support/running-apps';
import { asOwner } from '../support/tenants';
import { until } from '../support/test-environment';

interface Row {
  id: string;
  status: string;
  attempts: number;
  claimed_at: Date | null;
  delivered_at: Date | null;
  last_error: string | null;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** An SMTP server that accepts the TCP connection and never says a word. */
async function silentServer(
  port: number,
): Promise<{ server: Server; sockets: Socket[]; stop(): Promise<void> }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    server,
    sockets,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * The SMTP server misbehaves: it refuses connections, or accepts them and never answers. A worker still shuts
 * down at once (the send is cut off, its row released, never marked delivered), a send that gets no greeting
 * fails after SMTP_GREETING_TIMEOUT_MS and its row is retried, and the mail goes out once the server is back.
 */
describe.each(['postgres', 'redis'] as const)('outbox mail while SMTP misbehaves, %s backend', (backend) => {
  let world: DeliveryWorld;
  let port: number;
  let silent: Awaited<ReturnType<typeof silentServer>> | undefined;
  let catcher: SmtpCatcher | undefined;
  const invited = uniqueEmail(`smtp-down-${backend}`);
  let rowId: string;

  const row = async (): Promise<Row> =>
    (
      await asOwner<Row>(
        world.database.ownerUrl,
        `SELECT id, status, attempts, claimed_at, delivered_at, last_error FROM outbox WHERE id = $1`,
        [rowId],
      )
    )[0];

  beforeAll(async () => {
    port = await freePort();
    world = await startDeliveryWorld(backend, {
      name: `SMTP down ${backend}`,
      config: {
        SMTP_URL: `smtp://127.0.0.1:${port}`,
        // Only a shutdown, never a timeout, may end a hanging send in the first tests.
        SMTP_CONNECTION_TIMEOUT_MS: '600000',
        SMTP_GREETING_TIMEOUT_MS: '600000',
        SMTP_SOCKET_TIMEOUT_MS: '600000',
        // A failed send is retried after 0.5 s, then 1, 2…: a few attempts per test, never the last of its eight.
        QUEUE_RETRY_DELAY_MS: '500',
      },
    });
  });

  afterAll(async () => {
    await world?.close();
    await silent?.stop();
    await catcher?.stop();
  });

  it('a worker whose SMTP server refuses connections shuts down, and the mail stays pending', async () => {
    expect((await world.admin.post('/api/invitations', { email: invited, role: 'member' })).status).toBe(201);
    rowId = (
      await asOwner<{ id: string }>(
        world.database.ownerUrl,
        `SELECT id FROM outbox WHERE payload->>'to' = $1`,
        [invited],
      )
    )[0].id;
    await until(async () => (await row()).last_error?.includes('ECONNREFUSED'), 30_000);
    await world.stopWorker();
    expect(await row()).toMatchObject({ status: 'pending', claimed_at: null, delivered_at: null });
  });

  it('a worker whose SMTP server accepts the connection and never answers shuts down at once: the send is cut off and the row released', async () => {
    silent = await silentServer(port);
    const attemptsBefore = (await row()).attempts;
    await world.restartWorker();
    // The send is under way: claimed, with a connection open to the silent server.
    await until(async () => (await row()).attempts > attemptsBefore && silent?.sockets.length, 30_000);
    await world.stopWorker();
    expect(await row()).toMatchObject({ status: 'pending', claimed_at: null, delivered_at: null });
    expect((await row()).last_error).toMatch(/SmtpPoolClosedError/);
  });

  it('a send the server never greets fails after SMTP_GREETING_TIMEOUT_MS, and the row is retried and delivered once', async () => {
    // A mail of its own: the first one's backoff has grown through the tests above (16 s and more by now).
    const greeted = uniqueEmail(`smtp-greeting-${backend}`);
    expect((await world.admin.post('/api/invitations', { email: greeted, role: 'member' })).status).toBe(201);
    rowId = (
      await asOwner<{ id: string }>(
        world.database.ownerUrl,
        `SELECT id FROM outbox WHERE payload->>'to' = $1`,
        [greeted],
      )
    )[0].id;
    world.worker = await startWorker(
      { ...world.config, SMTP_GREETING_TIMEOUT_MS: 300 },
      { clock: world.clock },
    );
    await until(async () => /greeting never received/i.test((await row()).last_error ?? ''), 30_000);
    // Still to send (its claim was released; the next try may already hold a new one).
    expect(await row()).toMatchObject({ status: 'pending', delivered_at: null });

    // The server comes back; the worker's boot relays what is still pending.
    await world.stopWorker();
    await silent?.stop();
    silent = undefined;
    catcher = await startSmtpCatcher({ port });
    await world.restartWorker();
    const mail = await catcher.waitFor((m) => m.to.includes(greeted), 60_000, 'the invitation');
    await until(async () => (await row()).status === 'delivered', 30_000);
    expect(catcher.messages().filter((m) => m.messageId === mail.messageId)).toHaveLength(1);
  });
});

/**
 * A slow SMTP server: each mail takes longer than a claim lasts. The run that sends a batch renews its claims while
 * the sends go on, so no other run takes the rows and sends them a second time; only a dead worker's claims lapse.
 */
describe('outbox mail to an SMTP server slower than a claim', () => {
  let world: DeliveryWorld;

  beforeAll(async () => {
    world = await startDeliveryWorld('redis', {
      name: 'Slow SMTP',
      // More than twice the claim, and a claim long enough that its renewals (every third of it) outlast a busy
      // machine's stalls: at a 1 s claim, a row was claimed twice at load 17.
      smtpDelayMs: 7_000,
      config: { OUTBOX_CLAIM_MS: '3000' },
    });
  });

  afterAll(async () => {
    await world?.close();
  });

  it('sends each mail once, claimed once, though every send outlasts the claim', async () => {
    const invited = [1, 2, 3].map((i) => uniqueEmail(`slow-smtp-${i}`));
    const keys: string[] = [];
    for (const email of invited) {
      const invitation = await world.admin.post('/api/invitations', { email, role: 'member' });
      expect(invitation.status).toBe(201);
      keys.push(`invitation-${invitation.body.id}`);
    }
    const rows = () =>
      asOwner<Row>(
        world.database.ownerUrl,
        `SELECT id, status, attempts, claimed_at, delivered_at, last_error FROM outbox WHERE dedupe_key = ANY($1)`,
        [keys],
      );
    await until(async () => {
      const now = await rows();
      return now.length === invited.length && now.every((row) => row.status === 'delivered');
    }, 60_000);
    expect((await rows()).map((row) => row.attempts)).toEqual([1, 1, 1]);
    const mails = world.smtp.messages().filter((mail) => invited.some((email) => mail.to.includes(email)));
    expect(new Set(mails.map((mail) => mail.messageId)).size).toBe(invited.length);
    expect(mails).toHaveLength(invited.length);
  });
});
