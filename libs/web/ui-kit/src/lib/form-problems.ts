import type { ValidationErrors, ValidatorFn } from '@angular/forms';

/** A control the API's field errors can be put on: Angular's `AbstractControl`, or a `TextControl`. */
export interface ProblemControl {
  readonly errors: ValidationErrors | null;
  hasError(code: string): boolean;
  setErrors(errors: ValidationErrors | null): void;
  markAsTouched(): void;
}

/** A form that can be submitted and told what the API refused: Angular's `FormGroup`, or a `TextForm`. */
export interface SubmittableForm {
  readonly invalid: boolean;
  markAllAsTouched(): void;
  /** The control of an API field name, or null. */
  get(field: string): ProblemControl | null;
}

/** One field the API rejected (the shape of data-access-api's FieldProblem, which a ui library may not import). */
export interface FieldProblem {
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}

/** A failed API call as data-access-api's `toApiProblem` reads it. */
export interface ApiProblem {
  readonly kind: 'http' | 'unreachable' | 'app';
  readonly status: number;
  readonly title: string | null;
  readonly detail: string | null;
  readonly errors: readonly FieldProblem[];
  readonly retryAfterSeconds: number | null;
}

/**
 * Something to tell the person, as a translation key with its parameters. `text` is the API's
 * own (English) sentence, shown only when no translation knows the case.
 * `retryAfterSeconds` becomes the `when` parameter ("in 14 minutes"), worded in the current language.
 */
export interface FormMessage {
  readonly key: string;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly text?: string;
  readonly retryAfterSeconds?: number;
}

/** What a status means on this form, as translation keys. */
export interface ProblemContext {
  readonly unauthorized?: string;
  readonly forbidden?: string;
  readonly notFound?: string;
  readonly conflict?: string;
}

/** A field and the rule it broke, when one sentence fits it better than the rule alone. */
const FIELD_RULE_MESSAGES: Readonly<Record<string, FormMessage>> = {
  'email.unique': { key: 'errors.emailTaken' },
  'token.valid': { key: 'errors.resetTokenInvalid' },
  'password.minLength': { key: 'errors.minlength', params: { min: 10 } },
  'password.maxLength': { key: 'errors.maxlength', params: { max: 200 } },
};

/** class-validator's rule names (and the API's own) that mean the same for any field. */
const RULE_MESSAGES: Readonly<Record<string, FormMessage>> = {
  required: { key: 'errors.required' },
  isNotEmpty: { key: 'errors.required' },
  isDefined: { key: 'errors.required' },
  isEmail: { key: 'errors.email' },
  minLength: { key: 'errors.tooShort' },
  maxLength: { key: 'errors.tooLong' },
  requiredToPropose: { key: 'errors.requiredToPropose' },
  ssoRequired: { key: 'errors.ssoRequired' },
};

/** The message for one field the API rejected. */
export function fieldProblemMessage(problem: FieldProblem): FormMessage {
  return (
    FIELD_RULE_MESSAGES[`${problem.field}.${problem.rule}`] ??
    RULE_MESSAGES[problem.rule] ?? { key: 'errors.invalid', text: problem.message }
  );
}

/** The message for what a control's own validators (or the API, through `server`) found wrong. */
export function fieldErrorMessage(errors: ValidationErrors | null | undefined): FormMessage | null {
  if (!errors) {
    return null;
  }
  if (errors['server']) {
    return errors['server'] as FormMessage;
  }
  // A validator that words its own error, as the form's rule needs.
  if (errors['message']) {
    return errors['message'] as FormMessage;
  }
  if (errors['required']) {
    return { key: 'errors.required' };
  }
  if (errors['email']) {
    return { key: 'errors.email' };
  }
  if (errors['minlength']) {
    return { key: 'errors.minlength', params: { min: errors['minlength'].requiredLength } };
  }
  if (errors['maxlength']) {
    return { key: 'errors.maxlength', params: { max: errors['maxlength'].requiredLength } };
  }
  if (errors['range']) {
    return { key: 'errors.range', params: errors['range'] };
  }
  return { key: 'errors.invalid' };
}

/**
 * A whole number from `min` to `max` (a number input's text counts as its number). An empty field passes:
 * `Validators.required` says that.
 */
export function wholeNumberFrom(min: number, max: number): ValidatorFn {
  return (control) => {
    const value: unknown = control.value;
    if (value === null || value === undefined || value === '') return null;
    const number = Number(value);
    return Number.isInteger(number) && number >= min && number <= max ? null : { range: { min, max } };
  };
}

/** The message for the form as a whole, for a problem that names no field on it. */
export function problemMessage(problem: ApiProblem, context: ProblemContext = {}): FormMessage {
  if (problem.kind === 'unreachable') {
    return { key: 'errors.unreachable' };
  }
  if (problem.kind === 'app') {
    return { key: 'errors.app' };
  }
  const byStatus: Partial<Record<number, string | undefined>> = {
    401: context.unauthorized,
    403: context.forbidden,
    404: context.notFound,
    409: context.conflict,
  };
  const key = byStatus[problem.status];
  if (key) {
    return { key };
  }
  if (problem.status === 429) {
    return problem.retryAfterSeconds === null
      ? { key: 'errors.tooManyAttemptsLater' }
      : { key: 'errors.tooManyAttempts', retryAfterSeconds: problem.retryAfterSeconds };
  }
  return problem.detail ? { key: 'errors.generic', text: problem.detail } : { key: 'errors.generic' };
}

/**
 * Puts each field error of a problem next to the control it concerns (as the `server` error,
 * which the control's own validation clears as soon as the value changes), and returns what
 * remains to be said for the form as a whole, or null when every error found its field.
 */
export function applyProblem(
  form: SubmittableForm,
  problem: ApiProblem,
  context: ProblemContext = {},
): FormMessage | null {
  const unplaced: FieldProblem[] = [];
  for (const error of problem.errors) {
    const control = form.get(error.field);
    if (control) {
      // The first rule a field broke is the one to fix first.
      if (!control.hasError('server')) {
        control.setErrors({ ...control.errors, server: fieldProblemMessage(error) });
      }
      control.markAsTouched();
    } else {
      unplaced.push(error);
    }
  }
  if (unplaced.length > 0) {
    return fieldProblemMessage(unplaced[0]);
  }
  return problem.errors.length > 0 ? null : problemMessage(problem, context);
}
