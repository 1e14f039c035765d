import { FormControl, FormGroup, Validators } from '@angular/forms';
import { describe, expect, it } from 'vitest';
import {
  ApiProblem,
  applyProblem,
  fieldErrorMessage,
  problemMessage,
  wholeNumberFrom,
} from './form-problems';

const http = (status: number, extra: Partial<ApiProblem> = {}): ApiProblem => ({
  kind: 'http',
  status,
  title: null,
  detail: null,
  errors: [],
  retryAfterSeconds: null,
  ...extra,
});

function signUpForm() {
  return new FormGroup({
    email: new FormControl('anna@example.com', { nonNullable: true, validators: [Validators.email] }),
    password: new FormControl('short', { nonNullable: true }),
    displayName: new FormControl('Anna', { nonNullable: true }),
  });
}

describe('applyProblem', () => {
  it('puts each field error next to its control, and leaves nothing for the form as a whole', () => {
    const form = signUpForm();
    const message = applyProblem(
      form,
      http(400, {
        errors: [
          { field: 'email', rule: 'unique', message: 'email already has an account' },
          { field: 'password', rule: 'minLength', message: 'password must be at least 10 characters' },
        ],
      }),
    );

    expect(message).toBeNull();
    expect(form.controls.email.errors).toEqual({ server: { key: 'errors.emailTaken' } });
    expect(form.controls.email.touched).toBe(true);
    expect(fieldErrorMessage(form.controls.password.errors)).toEqual({
      key: 'errors.minlength',
      params: { min: 10 },
    });
    expect(form.controls.displayName.errors).toBeNull();
  });

  it('forgets a server error as soon as the value changes', () => {
    const form = signUpForm();
    applyProblem(form, http(409, { errors: [{ field: 'email', rule: 'unique', message: 'taken' }] }));
    form.controls.email.setValue('other@example.com');
    expect(form.controls.email.errors).toBeNull();
  });

  it('keeps the first rule a field broke', () => {
    const form = signUpForm();
    applyProblem(
      form,
      http(400, {
        errors: [
          { field: 'email', rule: 'isEmail', message: 'email must be an email address' },
          { field: 'email', rule: 'maxLength', message: 'too long' },
        ],
      }),
    );
    expect(fieldErrorMessage(form.controls.email.errors)).toEqual({ key: 'errors.email' });
  });

  it('says a field error for a field that is not on the form (the reset token) for the whole form', () => {
    const form = new FormGroup({ password: new FormControl('a long new password') });
    const message = applyProblem(
      form,
      http(400, {
        errors: [{ field: 'token', rule: 'valid', message: 'token is invalid, used or expired' }],
      }),
    );
    expect(message).toEqual({ key: 'errors.resetTokenInvalid' });
  });

  it('falls back to the API sentence for a rule nobody translated', () => {
    const form = signUpForm();
    applyProblem(
      form,
      http(400, { errors: [{ field: 'displayName', rule: 'isFancy', message: 'displayName is not fancy' }] }),
    );
    expect(fieldErrorMessage(form.controls.displayName.errors)).toEqual({
      key: 'errors.invalid',
      text: 'displayName is not fancy',
    });
  });

  it('words what a status means on this form: 401 wrong credentials, 404 gone, 409 conflict', () => {
    const context = {
      unauthorized: 'errors.wrongCredentials',
      notFound: 'errors.invitationGone',
      conflict: 'errors.alreadyMember',
    };
    expect(
      applyProblem(signUpForm(), http(401, { detail: 'The email or the password is wrong' }), context),
    ).toEqual({
      key: 'errors.wrongCredentials',
    });
    expect(problemMessage(http(404), context)).toEqual({ key: 'errors.invitationGone' });
    expect(problemMessage(http(409), context)).toEqual({ key: 'errors.alreadyMember' });
  });

  it('carries Retry-After of a 429 to be put in words', () => {
    expect(problemMessage(http(429, { retryAfterSeconds: 840 }))).toEqual({
      key: 'errors.tooManyAttempts',
      retryAfterSeconds: 840,
    });
    expect(problemMessage(http(429))).toEqual({ key: 'errors.tooManyAttemptsLater' });
  });

  it('shows the API detail for anything else, and plain words when the API is unreachable', () => {
    expect(problemMessage(http(403, { detail: 'This account has no active membership' }))).toEqual({
      key: 'errors.generic',
      text: 'This account has no active membership',
    });
    expect(problemMessage({ ...http(0), kind: 'unreachable' })).toEqual({ key: 'errors.unreachable' });
    expect(problemMessage(http(500))).toEqual({ key: 'errors.generic' });
  });
});

describe('fieldErrorMessage', () => {
  it('words the form validators', () => {
    expect(fieldErrorMessage({ required: true })).toEqual({ key: 'errors.required' });
    expect(fieldErrorMessage({ email: true })).toEqual({ key: 'errors.email' });
    expect(fieldErrorMessage({ minlength: { requiredLength: 10, actualLength: 3 } })).toEqual({
      key: 'errors.minlength',
      params: { min: 10 },
    });
    expect(fieldErrorMessage(null)).toBeNull();
  });

  it("words a validator's own message, and a whole number outside its range", () => {
    expect(fieldErrorMessage({ message: { key: 'followUp.reviews.takeawaysRequired' } })).toEqual({
      key: 'followUp.reviews.takeawaysRequired',
    });
    expect(fieldErrorMessage({ range: { min: 0, max: 23 } })).toEqual({
      key: 'errors.range',
      params: { min: 0, max: 23 },
    });
  });
});

describe('wholeNumberFrom', () => {
  const hour = wholeNumberFrom(0, 23);
  const check = (value: unknown) => hour(new FormControl(value));

  it('takes whole numbers in its range, also as the text a number input gives', () => {
    expect(check(0)).toBeNull();
    expect(check(23)).toBeNull();
    expect(check('9')).toBeNull();
  });

  it('refuses what is outside the range or not whole, and leaves an empty field to required', () => {
    expect(check(24)).toEqual({ range: { min: 0, max: 23 } });
    expect(check(-1)).toEqual({ range: { min: 0, max: 23 } });
    expect(check(9.5)).toEqual({ range: { min: 0, max: 23 } });
    expect(check(null)).toBeNull();
    expect(check('')).toBeNull();
  });
});
