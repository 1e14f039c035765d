import { Component, inject } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { describe, expect, it } from 'vitest';
import { BoundFieldDirective } from './bound-field.directive';

@Component({
  imports: [BoundFieldDirective, MatError, MatFormField, MatLabel, ReactiveFormsModule],
  template: `
    <form [formGroup]="form">
      <mat-form-field>
        <mat-label>Email</mat-label>
        <input kzBoundField formControlName="email" data-testid="email" />
        <mat-error data-testid="error">Required</mat-error>
      </mat-form-field>
      <button type="submit" data-testid="submit">Go</button>
    </form>
  `,
})
class HostComponent {
  readonly form = inject(NonNullableFormBuilder).group({ email: ['', Validators.required] });
}

describe('BoundFieldDirective', () => {
  async function render() {
    const fixture = TestBed.createComponent(HostComponent);
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;
    const input = element.querySelector('[data-testid="email"]') as HTMLInputElement;
    return { fixture, element, input };
  }

  it('labels the input and marks it required, with no error before it is touched', async () => {
    const { element, input } = await render();
    const label = element.querySelector('label') as HTMLLabelElement;
    expect(label.getAttribute('for')).toBe(input.id);
    expect(input.getAttribute('aria-required')).toBe('true');
    expect(input.getAttribute('aria-invalid')).toBeNull();
    expect(element.querySelector('[data-testid="error"]')).toBeNull();
  });

  it('shows the error once the form is submitted, and marks the input invalid once it has a wrong value', async () => {
    const { fixture, element, input } = await render();
    (element.querySelector('[data-testid="submit"]') as HTMLButtonElement).click();
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="error"]')?.textContent).toContain('Required');
    input.value = 'x';
    input.dispatchEvent(new Event('input'));
    fixture.componentInstance.form.controls.email.setErrors({ email: true });
    await fixture.whenStable();
    expect(input.getAttribute('aria-invalid')).toBe('true');
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
