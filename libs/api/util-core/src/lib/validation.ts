import { Param, ParseUUIDPipe, ValidationPipe, type ValidationError } from '@nestjs/common';
import { FieldValidationException, type FieldErrorDto } from './problem-details';

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

/** Rejects unknown fields and names every field and rule that failed. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
      exceptionFactory: () => new FieldValidationException([{ field: name, rule: 'isUuid', message: `${name} must be a UUID` }]),
    }),
  );
}
