import { FormControl, FormGroup, Validators } from '@angular/forms';
import { describe, expect, it } from 'vitest';
import { ApiProblem } from './form-problems';
import { FormSubmit } from './form-submit';

const problem = (status: number, errors: ApiProblem['errors'] = []): ApiProblem => ({
  kind: 'http',
  status,
  title: null,
  detail: null,
  errors,
  retryAfterSeconds: null,
});

function form() {
  return new FormGroup({
    evidence: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    actualSpend: new FormControl('12', { nonNullable: true }),
  });
}

describe('FormSubmit', () => {
  it('moves focus to the first invalid field of its own form when the page holds more forms', async () => {
    document.body.innerHTML =
      '<form id="open"><input id="title" class="ng-invalid"></form>' +
      '<form id="threshold"><input id="minResponses" class="ng-invalid"></form>';
    const submit = new FormSubmit(form(), {
      toProblem: () => problem(500),
      host: () => document.getElementById('threshold') ?? undefined,
    });
    expect(await submit.run(() => Promise.resolve())).toBe(false);
    await new Promise((resolve) => setTimeout(resolve));
    expect(document.activeElement?.id).toBe('minResponses');
    document.body.innerHTML = '';
  });

  it('on a page-wide host, moves focus within the form being submitted, not to another form above it', async () => {
    document.body.innerHTML =
      '<main><form id="check-in"><textarea id="progress" class="ng-invalid"></textarea></form>' +
      '<form id="comment"><textarea id="body" class="ng-invalid"></textarea><button id="send">Send</button></form></main>';
    const submit = new FormSubmit(form(), {
      toProblem: () => problem(500),
      host: document.querySelector('main') as HTMLElement,
    });
    (document.getElementById('send') as HTMLButtonElement).focus();
    expect(await submit.run(() => Promise.resolve())).toBe(false);
    await new Promise((resolve) => setTimeout(resolve));
    expect(document.activeElement?.id).toBe('body');
    document.body.innerHTML = '';
  });

  it('refuses an invalid form without calling the API, and marks its fields', async () => {
    const f = form();
    const submit = new FormSubmit(f, { toProblem: () => problem(500) });
    let called = false;
    expect(await submit.run(async () => (called = true))).toBe(false);
    expect(called).toBe(false);
    expect(f.controls.evidence.touched).toBe(true);
  });

  it('puts each field the API rejected beside its control, under the form’s own name for it', async () => {
    const f = form();
    f.controls.evidence.setValue('Twelve weeks of incident reports');
    const submit = new FormSubmit(f, {
      toProblem: (error) => error as ApiProblem,
      fields: { actualSpendMinor: 'actualSpend' },
    });
    const ok = await submit.run(() =>
      Promise.reject(
        problem(400, [{ field: 'actualSpendMinor', rule: 'min', message: 'must not be less than 0' }]),
      ),
    );
    expect(ok).toBe(false);
    expect(f.controls.actualSpend.errors?.['server']).toEqual({
      key: 'errors.invalid',
      text: 'must not be less than 0',
    });
    expect(submit.message()).toBeNull();
    expect(submit.pending()).toBe(false);
  });

  it('puts the errors of a nested part of one request beside the controls of the forms that hold it', async () => {
    const f = form();
    f.controls.evidence.setValue('x');
    const proof = new FormGroup({ measureId: new FormControl('', { nonNullable: true }) });
    const rule = new FormGroup({
      rule: new FormGroup({ withinPeriods: new FormControl(1, { nonNullable: true }) }),
    });
    const submit = new FormSubmit(f, { toProblem: (error) => error as ApiProblem });
    const ok = await submit.run(
      () =>
        Promise.reject(
          problem(400, [
            { field: 'decisionRule.measureId', rule: 'exists', message: 'names no active measure here' },
            { field: 'decisionRule.rule.withinPeriods', rule: 'min', message: 'must not be less than 1' },
          ]),
        ),
      { nested: { prefix: 'decisionRule.', forms: [proof, rule] } },
    );
    expect(ok).toBe(false);
    expect(proof.controls.measureId.errors?.['server']).toMatchObject({
      text: 'names no active measure here',
    });
    expect(rule.get('rule.withinPeriods')?.errors?.['server']).toMatchObject({
      text: 'must not be less than 1',
    });
    expect(submit.message()).toBeNull();
  });

  it('says what a status means on this form when no field is named, and runs one call at a time', async () => {
    const f = form();
    f.controls.evidence.setValue('x');
    const submit = new FormSubmit(f, {
      toProblem: (error) => error as ApiProblem,
      context: { conflict: 'experiment.conflict' },
    });
    let finish!: () => void;
    const first = submit.run(() => new Promise<void>((resolve) => (finish = resolve)));
    expect(submit.pending()).toBe(true);
    expect(await submit.run(async () => undefined)).toBe(false);
    finish();
    expect(await first).toBe(true);
    await submit.run(() => Promise.reject(problem(409)));
    expect(submit.message()).toEqual({ key: 'experiment.conflict' });
  });

  it('reads a template-driven form when it submits, and can say something when every error found its field', async () => {
    let current: FormGroup | null = null;
    const submit = new FormSubmit(() => current as unknown as FormGroup, {
      toProblem: (error) => error as ApiProblem,
    });
    current = form();
    current.controls.evidence.setValue('Measured weekly');
    const ok = await submit.run(
      () => Promise.reject(problem(400, [{ field: 'evidence', rule: 'maxLength', message: 'too long' }])),
      { fieldsMessage: { key: 'experiment.form.fixGaps' } },
    );
    expect(ok).toBe(false);
    expect(current.controls.evidence.errors?.['server']).toEqual({ key: 'errors.tooLong' });
    expect(submit.message()).toEqual({ key: 'experiment.form.fixGaps' });
  });
});
