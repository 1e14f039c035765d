import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { databaseExceptionOf } from '@kaizen/api/data-access-db';
import { ERROR_SCHEMA, SCIM_MEDIA_TYPE, ScimException, type ScimType } from './scim-protocol';

/** A scimType for refusals that come from outside the SCIM code (validation, integrity, the guard). */
const scimTypeOfStatus: Partial<Record<number, ScimType>> = {
  [HttpStatus.BAD_REQUEST]: 'invalidValue',
  [HttpStatus.CONFLICT]: 'uniqueness',
};

/**
 * Every SCIM answer that is an error is in SCIM's own format (RFC 7644 §3.12), not problem details: directories
 * read `scimType` and `detail`. Covers the guard's 401/403/429 on these routes too.
 */
@Catch()
export class ScimErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Scim');

  catch(thrown: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const exception = thrown instanceof HttpException ? thrown : (databaseExceptionOf(thrown) ?? thrown);
    let status: number = HttpStatus.INTERNAL_SERVER_ERROR;
    let detail = 'Something went wrong on our side';
    let scimType: ScimType | undefined;
    if (exception instanceof HttpException) {
      status = exception.getStatus();
      detail = messageOf(exception);
      scimType = exception instanceof ScimException ? exception.scimType : scimTypeOfStatus[status];
    } else {
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    }
    const retryAfter = (exception as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
    reply
      .status(status)
      .header('content-type', SCIM_MEDIA_TYPE)
      .send({ schemas: [ERROR_SCHEMA], status: String(status), ...(scimType ? { scimType } : {}), detail });
  }
}

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  return Array.isArray(message)
    ? message.join('; ')
    : typeof message === 'string'
      ? message
      : exception.message;
}
