import { WritableSignal, computed, signal } from '@angular/core';
import type { ValidationErrors } from '@angular/forms';

/**
 * A form of text fields held in signals, for the sign-in page. Most first loads land there, and @angular/forms'
 * code (10 kB brotli of a 150 kB budget) is the largest part of that page a few signals can replace. It speaks
 * the parts of Angular's control API that `FormSubmit`, `applyProblem` and `kzFieldError` use, and its rules give
 * Angular's error shapes, so the messages are worded by the same code as every other form's.
 */
export type TextRule = (value: string) => ValidationErrors | null;

// The HTML standard's "valid e-mail address", as browsers check `type=email`; the API has the last word.
const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/** The rules, each passing an empty value except `required`, as Angular's validators do. */
export const textRules = {
  required: ((value) => (value.length === 0 ? { required: true } : null)) as TextRule,
  email: ((value) => (value === '' || EMAIL.test(value) ? null : { email: true })) as TextRule,
  maxLength:
    (max: number): TextRule =>
    (value) =>
      value.length > max ? { maxlength: { requiredLength: max, actualLength: value.length } } : null,
  pattern:
    (pattern: RegExp): TextRule =>
    (value) =>
      value === '' || pattern.test(value)
        ? null
        : { pattern: { requiredPattern: String(pattern), actualValue: value } },
};

export class TextControl {
  private readonly text: WritableSignal<string>;
  private readonly touchedState = signal(false);
  /** What the API found wrong, kept until the value changes (as Angular's `setErrors`). */
  private readonly problems = signal<ValidationErrors | null>(null);
  private readonly state = computed(() => this.problems() ?? firstError(this.rules, this.text()));

  constructor(
    private readonly initial = '',
    readonly rules: readonly TextRule[] = [],
  ) {
    this.text = signal(initial);
  }

  get value(): string {
    return this.text();
  }

  get errors(): ValidationErrors | null {
    return this.state();
  }

  get invalid(): boolean {
    return this.state() !== null;
  }

  get touched(): boolean {
    return this.touchedState();
  }

  get required(): boolean {
    return this.rules.includes(textRules.required);
  }

  hasError(code: string): boolean {
    return !!this.state()?.[code];
  }

  setValue(value: string): void {
    this.text.set(value);
    this.problems.set(null);
  }

  setErrors(errors: ValidationErrors | null): void {
    this.problems.set(errors);
  }

  markAsTouched(): void {
    this.touchedState.set(true);
  }

  reset(): void {
    this.setValue(this.initial);
    this.touchedState.set(false);
  }
}

export class TextForm<K extends string> {
  constructor(readonly controls: Readonly<Record<K, TextControl>>) {}

  get invalid(): boolean {
    return this.all().some((control) => control.invalid);
  }

  /** The control named `name`, or null (as `FormGroup.get`, for the API's field names). */
  get(name: string): TextControl | null {
    return Object.hasOwn(this.controls, name) ? this.controls[name as K] : null;
  }

  value(): Record<K, string> {
    return Object.fromEntries(this.entries().map(([name, control]) => [name, control.value])) as Record<
      K,
      string
    >;
  }

  markAllAsTouched(): void {
    this.all().forEach((control) => control.markAsTouched());
  }

  reset(): void {
    this.all().forEach((control) => control.reset());
  }

  private entries(): [K, TextControl][] {
    return Object.entries(this.controls) as [K, TextControl][];
  }

  private all(): TextControl[] {
    return Object.values(this.controls);
  }
}

function firstError(rules: readonly TextRule[], value: string): ValidationErrors | null {
  for (const rule of rules) {
    const error = rule(value);
    if (error) return error;
  }
  return null;
}
