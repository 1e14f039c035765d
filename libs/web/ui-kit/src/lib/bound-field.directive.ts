import { Directive, DoCheck, afterNextRender, inject } from '@angular/core';
import { FormGroupDirective, NgControl, Validators } from '@angular/forms';
import { MatFormFieldControl } from '@angular/material/form-field';
import { NativeControl } from './native-control';

/**
 * A text input bound to a reactive form control in a `mat-form-field`, shown and announced as MatInput shows it:
 * same classes, floating label (autofill included), required and invalid state, the field's error once the control
 * is invalid and touched or its form submitted (MatInput's default rule). For the sign-in page, where most first
 * loads land: MatInput's first use probes every input type the browser has, date and time among them, and that
 * loads the browser's date locale data, 100 to 300 ms of a throttled phone's main thread before the form can paint
 * (a form that shows no date); its code is 3.3 kB more to download.
 */
@Directive({
  selector: 'input[kzBoundField]',
  providers: [{ provide: MatFormFieldControl, useExisting: BoundFieldDirective }],
  host: {
    class:
      'mat-mdc-input-element mat-mdc-form-field-input-control mdc-text-field__input cdk-text-field-autofill-monitored',
    '[id]': 'id',
    '[attr.aria-invalid]': 'empty && required ? null : errorState',
    '[attr.aria-required]': 'required',
    '(focus)': 'focusChanged(true)',
    '(blur)': 'focusChanged(false)',
    '(input)': 'stateChanges.next()',
    // The stylesheet's cdk.text-field-autofill keyframes: the browser fills a field without an input event.
    '(animationstart)': 'autofillChanged($event)',
  },
})
export class BoundFieldDirective
  extends NativeControl<HTMLInputElement>
  implements MatFormFieldControl<string>, DoCheck
{
  private readonly form = inject(FormGroupDirective, { optional: true });
  private previous = { value: this.element.value, errorState: false, disabled: false };

  readonly ngControl = inject(NgControl, { self: true });

  readonly controlType = 'mat-input';
  autofilled = false;
  errorState = false;

  constructor() {
    super();
    // On a page rendered ahead, what was typed (or autofilled) before the app took over is in the element, and the
    // form would write its own empty value over it: keep what the person typed.
    const typed = this.element.value;
    afterNextRender(() => {
      const control = this.ngControl.control;
      if (!typed || !control || control.value) return;
      control.setValue(typed);
      control.markAsDirty();
    });
  }

  get disabled(): boolean {
    return !!this.ngControl.disabled;
  }

  get required(): boolean {
    return this.ngControl.control?.hasValidator(Validators.required) ?? false;
  }

  get empty(): boolean {
    return !this.element.value && !this.autofilled;
  }

  get shouldLabelFloat(): boolean {
    return this.focused || !this.empty;
  }

  ngDoCheck(): void {
    // Touched and submitted come with no event of their own; the value may be set by the form.
    const control = this.ngControl.control;
    this.errorState = !!(control?.invalid && (control.touched || this.form?.submitted));
    const now = { value: this.element.value, errorState: this.errorState, disabled: this.disabled };
    if (
      now.value !== this.previous.value ||
      now.errorState !== this.previous.errorState ||
      now.disabled !== this.previous.disabled
    ) {
      this.previous = now;
      this.stateChanges.next();
    }
  }

  autofillChanged(event: AnimationEvent): void {
    const autofilled = event.animationName === 'cdk-text-field-autofill-start';
    if (!autofilled && event.animationName !== 'cdk-text-field-autofill-end') return;
    if (autofilled === this.autofilled) return;
    this.autofilled = autofilled;
    this.stateChanges.next();
  }
}
