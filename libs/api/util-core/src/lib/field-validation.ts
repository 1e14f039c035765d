import { HttpException, HttpStatus } from '@nestjs/common';
import type { FieldErrorDto } from './problem-details';

/**
 * An HTTP error whose body names each field and the rule it broke. Apart from the DTOs that document it, so code the
 * worker runs can throw it without loading Swagger.
 */
export class FieldValidationException extends HttpException {
  constructor(readonly errors: FieldErrorDto[]) {
    super({ message: errors.map((e) => e.message).join('; '), errors }, HttpStatus.BAD_REQUEST);
  }
}
