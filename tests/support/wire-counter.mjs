// Shared by the benchmarks and the integration tests: what an app says to PostgreSQL, seen on the wire.
import { connect, createServer } from 'node:net';

/**
 * A TCP proxy in front of PostgreSQL that counts round trips (each ReadyForQuery, 'Z', the server sends ends
 * one, simple or extended protocol) and, while `capturing`, records each extended-protocol statement with the
 * parameter values it was bound to: the exact SQL an app sent. `log` is told each statement as it is sent to run.
 * Point an app's DATABASE_URL at `url(databaseUrl)`; plain TCP only (no TLS).
 */
export async function roundTripCounter(target, { log } = {}) {
  const { hostname, port } = new URL(target);
  let roundTrips = 0;
  let inTransactions = 0;
  let statements;
  let parses = 0;
  const server = createServer((socket) => {
    const upstream = connect(Number(port || 5432), hostname || '127.0.0.1');
    socket.pipe(upstream);
    upstream.pipe(socket);
    let open = false; // ReadyForQuery's status: 'I' idle, 'T' in a transaction, 'E' in a failed one
    upstream.on(
      'data',
      readMessages((type, body) => {
        if (type !== 0x5a) return;
        roundTrips++;
        const idle = body[0] === 0x49;
        if (!idle || open) inTransactions++; // the one that ends a transaction (COMMIT) belongs to it
        open = !idle;
      }),
    );
    // A named statement is parsed once per connection and bound by name after that; the unnamed one ('') is
    // parsed again before each use. A statement is told to `log` (and captured) when it is bound to run.
    const parsed = new Map();
    socket.on(
      'data',
      readMessages(
        (type, body) => {
          if (type === 0x51) log?.(cString(body, 0).text);
          if (type === 0x50) {
            parses++;
            const name = cString(body, 0); // Parse: statement name, then the text
            parsed.set(name.text, cString(body, name.next).text);
          }
          if (type === 0x42) {
            const text = parsed.get(cString(body, cString(body, 0).next).text); // Bind: portal, then statement
            if (text === undefined) return;
            log?.(text);
            statements?.push([text, boundValues(body)]);
          }
        },
        { startup: true },
      ),
    );
    const close = () => (socket.destroy(), upstream.destroy());
    socket.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url(databaseUrl) {
      const via = new URL(databaseUrl);
      via.hostname = '127.0.0.1';
      via.port = String(server.address().port);
      return via.toString();
    },
    count: () => roundTrips,
    /** Statements PostgreSQL was asked to parse (and plan): a named one is parsed once per connection. */
    countParses: () => parses,
    /** Round trips that began, ran in or ended an explicit transaction (not autocommit statements beside them). */
    countInTransactions: () => inTransactions,
    /** Records the statements `work` makes the app send, with their values. */
    async capture(work) {
      statements = [];
      await work();
      const captured = statements;
      statements = undefined;
      return captured;
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

function cString(buffer, from) {
  const end = buffer.indexOf(0, from);
  return { text: buffer.toString('utf8', from, end), next: end + 1 };
}

/** A Bind message's parameter values (node-pg sends them as text; -1 is NULL). */
function boundValues(body) {
  let at = cString(body, cString(body, 0).next).next; // portal, statement
  const formats = body.readInt16BE(at);
  at += 2 + 2 * formats;
  const count = body.readInt16BE(at);
  at += 2;
  const values = [];
  for (let i = 0; i < count; i++) {
    const length = body.readInt32BE(at);
    at += 4;
    values.push(length < 0 ? null : body.toString('utf8', at, at + length));
    at += Math.max(length, 0);
  }
  return values;
}

/** Splits a PostgreSQL wire stream into messages (type byte, int32 length); the client's first message has no type. */
function readMessages(onMessage, { startup = false } = {}) {
  let buffered = Buffer.alloc(0);
  let untyped = startup;
  return (chunk) => {
    buffered = Buffer.concat([buffered, chunk]);
    for (;;) {
      const header = untyped ? 4 : 5;
      if (buffered.length < header) return;
      const length = buffered.readInt32BE(header - 4);
      if (buffered.length < header - 4 + length) return;
      if (!untyped) onMessage(buffered[0], buffered.subarray(5, 1 + length));
      buffered = buffered.subarray(header - 4 + length);
      untyped = false;
    }
  };
}
