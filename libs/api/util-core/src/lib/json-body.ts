import { HttpException, HttpStatus } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { MAX_JSON_BODY_BYTES, MAX_JSON_DEPTH } from './body-limits';
import { FieldValidationException } from './field-validation';
import type { FieldErrorDto } from './problem-details';

/** Keys that would reach an object's prototype in code that copies bodies around. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** JSON by media type: application/json and the +json family (application/merge-patch+json, say). */
const JSON_MEDIA_TYPE = /^application\/(?:[\w.!#$&^-]+\+)?json\s*(?:;|$)/i;

/**
 * The API's only body parser: strict UTF-8 JSON, at most {@link MAX_JSON_DEPTH} levels deep, without
 * prototype keys. Every other media type gets 415 naming `content-type`.
 */
export function registerJsonBodyParser(fastify: FastifyInstance, bodyLimit = MAX_JSON_BODY_BYTES): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(JSON_MEDIA_TYPE, { parseAs: 'buffer', bodyLimit }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  fastify.addContentTypeParser('*', (request, _payload, done) => {
    const type =
      String(request.headers['content-type'] ?? '')
        .split(';')[0]
        .trim() || 'none';
    const message = `content-type must be application/json, not ${type}`;
    done(
      new HttpException(
        { message, errors: [{ field: 'content-type', rule: 'json', message }] },
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      ),
      undefined,
    );
  });
}

export function parseJsonBody(raw: Buffer): unknown {
  let text: string;
  try {
    text = strictUtf8.decode(raw);
  } catch {
    throw bodyError('utf8', 'the body must be UTF-8 text');
  }
  if (text.trim() === '') throw bodyError('json', 'the body is empty; send a JSON value or no content-type');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw bodyError('json', `the body is not valid JSON: ${(error as Error).message}`);
  }
  const problems = shapeProblems(value);
  if (problems.length > 0) throw new FieldValidationException(problems);
  return value;
}

/** Walks without recursion, so no body can exhaust the stack: the depth limit and the forbidden keys. */
function shapeProblems(value: unknown): FieldErrorDto[] {
  const problems: FieldErrorDto[] = [];
  const stack: Array<[unknown, string, number]> = [[value, '', 1]];
  while (stack.length > 0) {
    const [item, path, depth] = stack.pop() as [unknown, string, number];
    if (item === null || typeof item !== 'object') continue;
    if (depth > MAX_JSON_DEPTH) {
      return [
        { field: '', rule: 'maxDepth', message: `the body nests deeper than ${MAX_JSON_DEPTH} levels` },
      ];
    }
    for (const key of Object.keys(item)) {
      const childPath = path ? `${path}.${key}` : key;
      if (!Array.isArray(item) && FORBIDDEN_KEYS.has(key)) {
        problems.push({
          field: childPath,
          rule: 'forbiddenKey',
          message: `${childPath} is not a field any request may carry`,
        });
      } else {
        stack.push([(item as Record<string, unknown>)[key], childPath, depth + 1]);
      }
    }
  }
  return problems;
}

function bodyError(rule: string, message: string): FieldValidationException {
  return new FieldValidationException([{ field: '', rule, message }]);
}
