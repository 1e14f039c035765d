import { FormControl, Validators } from '@angular/forms';
import { describe, expect, it } from 'vitest';
import { applyProblem, fieldErrorMessage } from './form-problems';
import { TextControl, TextForm, textRules } from './text-form';

describe('textRules', () => {
  // The rules stand in for Angular's validators on the sign-in page: same verdicts, same error shapes, so the
  // messages come from the same fieldErrorMessage.
  const pairs = [
    { rule: textRules.required, angular: Validators.required },
    { rule: textRules.maxLength(5), angular: Validators.maxLength(5) },
    { rule: textRules.pattern(/^[a-z]+$/), angular: Validators.pattern(/^[a-z]+$/) },
  ];
  const values = ['', ' ', 'abc', 'abcdef', 'ABC', 'a-b'];

  it('judges as Angular validators do, with the same errors', () => {
    for (const { rule, angular } of pairs) {
      for (const value of values) {
        expect(rule(value), `${value}`).toEqual(angular(new FormControl(value)));
      }
    }
  });

  it('accepts e-mail addresses as browsers do, and leaves an empty field to required', () => {
    expect(textRules.email('anna@example.com')).toBeNull();
    expect(textRules.email('anna.de-vries+kaizen@zorg-noord.example.nl')).toBeNull();
    expect(textRules.email('')).toBeNull();
    for (const wrong of ['anna', 'anna@', '@example.com', 'anna@exa mple.com', 'anna@-example.com']) {
      expect(textRules.email(wrong), wrong).toEqual({ email: true });
      expect(fieldErrorMessage(textRules.email(wrong))).toEqual({ key: 'errors.email' });
    }
  });
});

describe('TextForm', () => {
  function signIn() {
    return new TextForm({
      email: new TextControl('', [textRules.required, textRules.email]),
      password: new TextControl('', [textRules.required, textRules.maxLength(200)]),
    });
  }

  it('is invalid until every field keeps its rules, and gives its values by name', () => {
    const form = signIn();
    expect(form.invalid).toBe(true);
    expect(form.controls.email.errors).toEqual({ required: true });
    form.controls.email.setValue('anna@example.com');
    form.controls.password.setValue('a password');
    expect(form.invalid).toBe(false);
    expect(form.value()).toEqual({ email: 'anna@example.com', password: 'a password' });
  });

  it('puts the API’s field errors on their controls until the value changes, and names only its own fields', () => {
    const form = signIn();
    form.controls.email.setValue('anna@example.com');
    form.controls.password.setValue('a password');
    const rest = applyProblem(form, {
      kind: 'http',
      status: 403,
      title: null,
      detail: null,
      errors: [{ field: 'password', rule: 'ssoRequired', message: 'Use single sign-on' }],
      retryAfterSeconds: null,
    });
    expect(rest).toBeNull();
    expect(form.controls.password.touched).toBe(true);
    expect(fieldErrorMessage(form.controls.password.errors)).toEqual({ key: 'errors.ssoRequired' });
    expect(form.invalid).toBe(true);
    form.controls.password.setValue('another password');
    expect(form.controls.password.errors).toBeNull();
    expect(form.get('constructor')).toBeNull();
    expect(form.get('toString')).toBeNull();
  });

  it('marks every field touched, and resets to where it started', () => {
    const form = signIn();
    form.controls.email.setValue('x');
    form.markAllAsTouched();
    expect(form.controls.email.touched && form.controls.password.touched).toBe(true);
    form.reset();
    expect(form.value()).toEqual({ email: '', password: '' });
    expect(form.controls.email.touched).toBe(false);
  });

  it('knows a required field', () => {
    const form = signIn();
    expect(form.controls.email.required).toBe(true);
    expect(new TextControl('', [textRules.email]).required).toBe(false);
  });
});
