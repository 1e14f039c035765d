import { HttpException, HttpStatus } from '@nestjs/common';
import { integrityExceptionOf } from './integrity-errors';

/** PostgreSQL's codes for a server that ended the session or cannot take one: the request itself was fine. */
const serverGone = new Set(['57P01', '57P02', '57P03', '53300']);
/** What the socket or pg's client says when the connection, not the statement, failed. */
const socketGone = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);
const clientGone =
  /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/;

/** The database is out of reach for a moment: the client should try again, as `Retry-After` says. */
export class DatabaseUnavailableException extends HttpException {
  readonly retryAfterSeconds = 5;

  constructor(options?: { cause: unknown }) {
    super(
      'The database cannot be reached just now; try again shortly',
      HttpStatus.SERVICE_UNAVAILABLE,
      options,
    );
  }
}

/** Maps a lost database connection (class 08, a shutdown, a refused socket) to a 503; anything else stays what it was. */
export function connectionLossOf(error: unknown): HttpException | undefined {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const lost =
    (typeof code === 'string' && (code.startsWith('08') || serverGone.has(code) || socketGone.has(code))) ||
    (typeof message === 'string' && clientGone.test(message));
  return lost ? new DatabaseUnavailableException() : undefined;
}

/** Every database error that means an HTTP answer other than 500: integrity first, then a lost connection. */
export function databaseExceptionOf(error: unknown): HttpException | undefined {
  return integrityExceptionOf(error) ?? connectionLossOf(error);
}
