import { Directive, DoCheck, OnInit, effect, input } from '@angular/core';
import { MatFormFieldControl } from '@angular/material/form-field';
import { NativeControl } from './native-control';
import { TextControl } from './text-form';

/**
 * A text input bound to a `TextControl` in a `mat-form-field`, shown and announced as MatInput shows it: same
 * classes, floating label (autofill included), required and invalid state, the field's error once the control is
 * invalid and touched (a refused submit touches every field). For the sign-in page, where most first loads land:
 * MatInput's first use probes every input type the browser has, date and time among them, and that loads the
 * browser's date locale data, 100 to 300 ms of a throttled phone's main thread before the form can paint (a form
 * that shows no date); and MatInput and reactive forms together are 13 kB more to download.
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
    // focusFirstInvalid finds the field to fix by this class, as it finds reactive forms' fields.
    '[class.ng-invalid]': 'control().invalid',
    '(focus)': 'focusChanged(true)',
    '(blur)': 'focusChanged(false); control().markAsTouched()',
    '(input)': 'control().setValue(element.value)',
    // The stylesheet's cdk.text-field-autofill keyframes: the browser fills a field without an input event.
    '(animationstart)': 'autofillChanged($event)',
  },
})
export class BoundFieldDirective
  extends NativeControl<HTMLInputElement>
  implements MatFormFieldControl<string>, OnInit, DoCheck
{
  readonly control = input.required<TextControl>({ alias: 'kzBoundField' });

  readonly ngControl = null;
  readonly disabled = false;
  readonly controlType = 'mat-input';
  autofilled = false;
  errorState = false;
  private previous = { value: this.element.value, errorState: false };

  constructor() {
    super();
    // A value set by code (trimmed, reset) shows in the input.
    effect(() => {
      const value = this.control().value;
      if (this.element.value !== value) this.element.value = value;
    });
  }

  ngOnInit(): void {
    // On a page rendered ahead, what was typed (or autofilled) before the app took over is in the element: keep it.
    const typed = this.element.value;
    if (typed && !this.control().value) this.control().setValue(typed);
  }

  get required(): boolean {
    return this.control().required;
  }

  get empty(): boolean {
    return !this.element.value && !this.autofilled;
  }

  get shouldLabelFloat(): boolean {
    return this.focused || !this.empty;
  }

  ngDoCheck(): void {
    // The form field reads the state when told it changed; touched and a refused submit come with no event here.
    const control = this.control();
    this.errorState = control.invalid && control.touched;
    const now = { value: this.element.value, errorState: this.errorState };
    if (now.value !== this.previous.value || now.errorState !== this.previous.errorState) {
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
