import type { LoggerService } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { pino, type Logger } from 'pino';
import type { AppConfig } from '@kaizen/shared/util-config';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** One JSON logger per process; Fastify's request logs and Nest's logs both go through it. */
export function createRootLogger(config: Pick<AppConfig, 'LOG_LEVEL'>, service: 'api' | 'worker'): Logger {
  return pino({
    level: config.LOG_LEVEL,
    base: { service },
    redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
  });
}

/** Keeps a caller's well-formed `x-request-id`, so one id follows a request across services. */
export function requestIdOf(headers: Record<string, string | string[] | undefined>): string {
  const incoming = headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** Nest's logger interface over pino: `context` becomes a field, objects become fields too. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(
    level: 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal',
    message: unknown,
    rest: unknown[],
  ): void {
    // Nest passes the context last; an error's stack, when there is one, comes before it.
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const stack = typeof rest[0] === 'string' ? rest[0] : undefined;
    if (message instanceof Error) this.logger[level]({ context, err: message });
    else if (message !== null && typeof message === 'object')
      this.logger[level]({ context, ...message, ...(typeof rest[0] === 'string' ? { msg: rest[0] } : {}) });
    else this.logger[level]({ context, ...(stack ? { stack } : {}) }, String(message));
  }
}
