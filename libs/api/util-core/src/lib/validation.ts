import {
  applyDecorators,
  Param,
  ParseUUIDPipe,
  ValidationPipe,
  type ArgumentMetadata,
  type ValidationError,
} from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsObject,
  Max,
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { FieldValidationException } from './field-validation';
import type { FieldErrorDto } from './problem-details';
import { isDateTime } from './date-time';
import { textProblemsIn } from './text-rules';

/** The largest value an `integer` column holds; versions and counters above it are a 400, not a database error. */
export const MAX_INT4 = 2_147_483_647;

/** Flattens class-validator's tree into one entry per field and broken rule. */
export function fieldErrorsOf(errors: ValidationError[], parent = ''): FieldErrorDto[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field,
      rule: rule === 'whitelistValidation' ? 'unknownField' : rule,
      message: rule === 'whitelistValidation' ? `${field} is not a known field` : message,
    }));
    return [...own, ...fieldErrorsOf(error.children ?? [], field)];
  });
}

/**
 * Rejects unknown fields and names every field and rule that failed. Before the DTO's own rules, every string of a
 * body, query or path (keys included) must pass the one text rule (no NUL, no lone surrogate).
 */
class ApiValidationPipe extends ValidationPipe {
  // A query DTO is a pure function of the query string (its transforms and rules read nothing else), and a list's
  // client asks the same query again and again: a valid one is transformed and validated once, then copied.
  private readonly validQueries = new Map<string, object>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const problems = textProblemsIn(
        value,
        metadata.type === 'param' || typeof value !== 'object' ? (metadata.data ?? '') : '',
      );
      if (metadata.type === 'body' && metadata.metatype)
        problems.push(...nullProblems(value, metadata.metatype));
      if (problems.length > 0) throw new FieldValidationException(problems);
    }
    if (metadata.type !== 'query' || !metadata.metatype || !this.toValidate(metadata)) {
      return super.transform(value, metadata);
    }
    const key = `${metadata.metatype.name}\u0000${metadata.data ?? ''}\u0000${JSON.stringify(value)}`;
    const known = this.validQueries.get(key);
    if (known && known.constructor === metadata.metatype) return copyOf(known);
    const valid = await super.transform(value, metadata);
    if (valid !== null && typeof valid === 'object') {
      if (this.validQueries.size >= VALID_QUERIES_KEPT)
        this.validQueries.delete(this.validQueries.keys().next().value as string);
      this.validQueries.set(key, valid);
      return copyOf(valid);
    }
    return valid;
  }
}

const VALID_QUERIES_KEPT = 1_000;

/**
 * A fresh instance of a validated DTO, so a handler changing its copy cannot change the remembered one. A query
 * holds strings, numbers, booleans and lists of them: those are copied by hand, anything else deeply.
 */
function copyOf(dto: object): object {
  const copy = Object.create(Object.getPrototypeOf(dto) as object) as Record<string, unknown>;
  for (const [key, value] of Object.entries(dto))
    copy[key] =
      value === null || typeof value !== 'object'
        ? value
        : Array.isArray(value) && value.every((item) => typeof item !== 'object')
          ? [...value]
          : structuredClone(value);
  return copy;
}

const SWAGGER_PROPERTY = 'swagger/apiModelProperties';

/**
 * `null` only where the DTO declares the field nullable: class-validator's IsOptional would otherwise take null as
 * absent for every optional field, which the OpenAPI document does not say. Nested DTOs are followed.
 */
function nullProblems(value: unknown, metatype: unknown, path = ''): FieldErrorDto[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || typeof metatype !== 'function')
    return [];
  const prototype = (metatype as { prototype: object }).prototype;
  return Object.entries(value).flatMap(([key, child]) => {
    const property: { nullable?: boolean; type?: unknown } | undefined = Reflect.getMetadata(
      SWAGGER_PROPERTY,
      prototype,
      key,
    );
    if (!property) return [];
    const field = path ? `${path}.${key}` : key;
    if (child === null)
      return property.nullable
        ? []
        : [{ field, rule: 'notNull', message: `${field} must not be null; leave it out instead` }];
    const type =
      typeof property.type === 'function' && !(property.type as { prototype?: unknown }).prototype
        ? (property.type as () => unknown)()
        : property.type;
    return nullProblems(child, type, field);
  });
}

export function createValidationPipe(): ValidationPipe {
  return new ApiValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new FieldValidationException(fieldErrorsOf(errors)),
  });
}

/** A path id that must be a UUID; anything else is a 400 naming the parameter. */
export function IdParam(name = 'id'): ParameterDecorator {
  return Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () =>
        new FieldValidationException([{ field: name, rule: 'isUuid', message: `${name} must be a UUID` }]),
    }),
  );
}

/** A nested object of `type`: an array or a scalar in its place is a 400 naming the field (rule `isObject`). */
export function NestedObject(type: () => new () => object): PropertyDecorator {
  return applyDecorators(
    IsObject({ message: ({ property }) => `${property} must be an object` }),
    ValidateNested(),
    Type(type),
  );
}

/** The `version` a client read, sent back with a change; a stale one is a 409, one out of range a 400. */
export function VersionProperty(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      type: 'integer',
      minimum: 1,
      maximum: MAX_INT4,
      description: 'The version you read; a stale one gets 409.',
    }),
    IsInt(),
    Min(1),
    Max(MAX_INT4),
  );
}

/** A rule written once elsewhere (a domain function, say) applied as a DTO constraint named `name`. */
export function Satisfies(
  name: string,
  test: (value: unknown) => boolean,
  message: string,
  options?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name,
      validator: {
        validate: (value) => test(value),
        defaultMessage: ({ property } = { property: '' } as never) => `${property} ${message}`,
      },
    },
    options,
  );
}

/** A date-time query or body field, checked by {@link isDateTime}. */
export function IsDateTime(): PropertyDecorator {
  return Satisfies(
    'isDateTime',
    isDateTime,
    'must be an ISO 8601 date-time on a real calendar day, such as 2027-02-28T09:00:00Z',
  );
}

const REQUIRED_WHEN = Symbol('requiredWhen');

/**
 * A field required only when other fields have these values (`teamId` when `unitType` is `team`), and validated
 * whenever present. The OpenAPI document states the condition as `x-required-when`.
 */
export function RequiredWhen(condition: Record<string, unknown>): PropertyDecorator {
  return (target, property) => {
    Reflect.defineMetadata(REQUIRED_WHEN, condition, target, property);
    ValidateIf(
      (dto: Record<string, unknown>, value: unknown) =>
        value !== undefined || Object.entries(condition).every(([key, expected]) => dto[key] === expected),
    )(target, property);
  };
}

export function requiredWhenOf(target: object, property: string): Record<string, unknown> | undefined {
  return Reflect.getMetadata(REQUIRED_WHEN, target, property);
}
