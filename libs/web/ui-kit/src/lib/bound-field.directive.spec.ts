import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { describe, expect, it } from 'vitest';
import { BoundFieldDirective } from './bound-field.directive';
import { TextControl, TextForm, textRules } from './text-form';

@Component({
  imports: [BoundFieldDirective, MatError, MatFormField, MatLabel],
  template: `
    <form (submit)="$event.preventDefault(); form.markAllAsTouched()" novalidate>
      <mat-form-field>
        <mat-label>Email</mat-label>
        <input [kzBoundField]="form.controls.email" data-testid="email" />
        <mat-error data-testid="error">Required</mat-error>
      </mat-form-field>
      <button type="submit" data-testid="submit">Go</button>
    </form>
  `,
})
class HostComponent {
  readonly form = new TextForm({ email: new TextControl('', [textRules.required, textRules.email]) });
}

describe('BoundFieldDirective', () => {
  async function render(typedBeforeTheAppStarted?: string) {
    const fixture = TestBed.createComponent(HostComponent);
    const element: HTMLElement = fixture.nativeElement;
    const input = () => element.querySelector('[data-testid="email"]') as HTMLInputElement;
    if (typedBeforeTheAppStarted !== undefined) {
      // The element exists before the first change detection, as on a page rendered ahead and hydrated.
      input().value = typedBeforeTheAppStarted;
    }
    await fixture.whenStable();
    return { fixture, element, input: input(), form: fixture.componentInstance.form };
  }

  it('labels the input and marks it required, with no error before it is touched', async () => {
    const { element, input } = await render();
    const label = element.querySelector('label') as HTMLLabelElement;
    expect(label.getAttribute('for')).toBe(input.id);
    expect(input.getAttribute('aria-required')).toBe('true');
    expect(input.getAttribute('aria-invalid')).toBeNull();
    expect(input.classList).toContain('ng-invalid');
    expect(element.querySelector('[data-testid="error"]')).toBeNull();
  });

  it('writes what is typed into the control, and what the control is given into the input', async () => {
    const { fixture, input, form } = await render();
    input.value = 'anna@example.com';
    input.dispatchEvent(new Event('input'));
    expect(form.value()).toEqual({ email: 'anna@example.com' });
    form.controls.email.setValue('  piet@example.com ');
    await fixture.whenStable();
    expect(input.value).toBe('  piet@example.com ');
    form.reset();
    await fixture.whenStable();
    expect(input.value).toBe('');
  });

  it('shows the error once the form is submitted, and marks the input invalid once it has a wrong value', async () => {
    const { fixture, element, input } = await render();
    (element.querySelector('[data-testid="submit"]') as HTMLButtonElement).click();
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="error"]')?.textContent).toContain('Required');
    input.value = 'x';
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    expect(input.getAttribute('aria-invalid')).toBe('true');
    input.value = 'x@example.com';
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    expect(input.getAttribute('aria-invalid')).toBe('false');
    expect(input.classList).not.toContain('ng-invalid');
  });

  it('shows an error only once the field was left, not while it is first typed in', async () => {
    const { fixture, element, input } = await render();
    input.value = 'x';
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="error"]')).toBeNull();
    input.dispatchEvent(new Event('blur'));
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="error"]')).not.toBeNull();
  });

  it('keeps what was typed before the app took the page over', async () => {
    const { input, form } = await render('anna@example.com');
    expect(input.value).toBe('anna@example.com');
    expect(form.value()).toEqual({ email: 'anna@example.com' });
  });

  it('floats the label when the browser autofills the input', async () => {
    const { fixture, element, input } = await render();
    const field = element.querySelector('mat-form-field') as HTMLElement;
    const floating = () => !!field.querySelector('.mdc-floating-label--float-above');
    expect(floating()).toBe(false);
    const start = new Event('animationstart') as Event & { animationName: string };
    Object.defineProperty(start, 'animationName', { value: 'cdk-text-field-autofill-start' });
    input.dispatchEvent(start);
    await fixture.whenStable();
    expect(floating()).toBe(true);
  });
});
