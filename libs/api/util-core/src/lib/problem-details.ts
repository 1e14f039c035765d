import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { MAX_JSON_BODY_BYTES } from './body-limits';

export class FieldErrorDto {
  @ApiProperty({ description: 'The offending field, as a dotted path.', example: 'title' })
  field!: string;

  @ApiProperty({ description: 'The rule it broke.', example: 'maxLength' })
  rule!: string;

  @ApiProperty({ example: 'title must be at most 200 characters' })
  message!: string;
}

/** RFC 9457 problem details, the body of every error response. */
export class ProblemDetailsDto {
  @ApiProperty({ example: 'about:blank' })
  type!: string;

  @ApiProperty({ example: 'Bad Request' })
  title!: string;

  @ApiProperty({ example: 400 })
  status!: number;

  @ApiPropertyOptional({ example: 'title must be at most 200 characters' })
  detail?: string;

  @ApiPropertyOptional({ type: [FieldErrorDto] })
  errors?: FieldErrorDto[];
}

interface ReplyLike {
  status(code: number): ReplyLike;
  header(name: string, value: string): ReplyLike;
  send(body: unknown): unknown;
}

/** Turns an error from below the HTTP layer (a database constraint, say) into the HTTP error it means, if any. */
export type ExceptionTranslator = (exception: unknown) => HttpException | undefined;

/**
 * Turns every exception into `application/problem+json`; unexpected ones become a bare 500. The translators map
 * known errors from lower layers (integrity errors, for one) once, for every route.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  constructor(private readonly translators: ExceptionTranslator[] = []) {}

  catch(thrown: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<ReplyLike>();
    const exception =
      thrown instanceof HttpException
        ? thrown
        : (this.translators.map((translate) => translate(thrown)).find(Boolean) ?? thrown);
    const problem = toProblem(exception);
    const retryAfter = (exception as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
    if (problem.status >= 500)
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    reply.status(problem.status).header('content-type', 'application/problem+json').send(problem);
  }
}

/**
 * Problem details for the errors Fastify answers before any route runs (a malformed or overlong URL), which
 * otherwise come out as Fastify's own JSON. Pass it as Fastify's `frameworkErrors` option.
 */
export function frameworkErrorReply(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const status = error.statusCode ?? HttpStatus.BAD_REQUEST;
  const rule =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'maxLength'
      : error.code === 'FST_ERR_BAD_URL'
        ? 'urlEncoding'
        : 'valid';
  const message =
    rule === 'maxLength'
      ? 'a path parameter is longer than any id'
      : rule === 'urlEncoding'
        ? 'the path is not valid percent-encoded UTF-8'
        : error.message;
  const problem: ProblemDetailsDto = {
    type: 'about:blank',
    title: titleOf(status),
    status,
    detail: message,
    errors: [{ field: 'path', rule, message }],
  };
  reply.status(status).header('content-type', 'application/problem+json').send(JSON.stringify(problem));
}

export function toProblem(exception: unknown): ProblemDetailsDto {
  if (!(exception instanceof HttpException)) {
    return { type: 'about:blank', title: 'Internal Server Error', status: 500 };
  }
  const status = exception.getStatus();
  const response = exception.getResponse();
  const body = typeof response === 'string' ? { message: response } : (response as Record<string, unknown>);
  const message = Array.isArray(body['message']) ? body['message'].join('; ') : body['message'];
  const problem: ProblemDetailsDto = {
    type: 'about:blank',
    title: titleOf(status),
    status,
  };
  if (typeof message === 'string' && message !== problem.title) problem.detail = message;
  if (Array.isArray(body['errors'])) problem.errors = body['errors'] as FieldErrorDto[];
  // Fastify refuses an oversized body before any field is read; the body as a whole is what broke the rule.
  if (status === HttpStatus.PAYLOAD_TOO_LARGE && !problem.errors) {
    const rule = `the body must be at most ${MAX_JSON_BODY_BYTES} bytes of UTF-8 JSON`;
    problem.detail = rule;
    problem.errors = [{ field: 'body', rule: 'maxBytes', message: rule }];
  }
  // Anything else the exception carries is an RFC 9457 extension member, e.g. `allowedTransitions`.
  for (const [key, value] of Object.entries(body)) {
    if (!['message', 'error', 'statusCode', 'errors', 'type', 'title', 'status', 'detail'].includes(key)) {
      (problem as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return problem;
}

function titleOf(status: number): string {
  const name = HttpStatus[status];
  if (!name) return 'Error';
  return name
    .toLowerCase()
    .split('_')
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join(' ');
}
