import { Directive, DoCheck } from '@angular/core';
import { MatFormFieldControl } from '@angular/material/form-field';
import { NativeControl } from './native-control';

/**
 * A native input or select in a `mat-form-field`, shown as MatInput shows it (same classes, same floating label),
 * for fields no Angular form binds, such as a list's filters. MatInput injects @angular/forms' classes (NgControl,
 * NgForm, FormGroupDirective), so a page using it downloads most of @angular/forms even where nothing is bound.
 */
@Directive({
  selector: 'input[kzNativeField], select[kzNativeField]',
  providers: [{ provide: MatFormFieldControl, useExisting: NativeFieldDirective }],
  host: {
    class: 'mat-mdc-input-element mat-mdc-form-field-input-control mdc-text-field__input',
    '[id]': 'id',
    '(focus)': 'focusChanged(true)',
    '(blur)': 'focusChanged(false)',
    '(input)': 'stateChanges.next()',
    '(change)': 'stateChanges.next()',
  },
})
export class NativeFieldDirective
  extends NativeControl<HTMLInputElement | HTMLSelectElement>
  implements MatFormFieldControl<string>, DoCheck
{
  private readonly select = this.element instanceof HTMLSelectElement ? this.element : null;
  private previousValue = this.element.value;

  readonly ngControl = null;
  readonly required = false;
  readonly errorState = false;
  /** MatInput's types: the form field styles a native select (its arrow) by this. */
  readonly controlType = this.select ? 'mat-native-select' : 'mat-input';

  get disabled(): boolean {
    return this.element.disabled;
  }

  get empty(): boolean {
    return !this.element.value;
  }

  /** As MatInput: a select's label floats when its first option has a label (it shows "All", say). */
  get shouldLabelFloat(): boolean {
    if (this.select)
      return (
        this.focused || !this.empty || (this.select.selectedIndex > -1 && !!this.select.options[0]?.label)
      );
    return this.focused || !this.empty;
  }

  ngDoCheck(): void {
    // A value set by a binding rather than by typing: the label may have to float.
    if (this.element.value !== this.previousValue) {
      this.previousValue = this.element.value;
      this.stateChanges.next();
    }
  }
}
