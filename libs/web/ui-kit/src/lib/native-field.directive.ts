import { _IdGenerator } from '@angular/cdk/a11y';
import { Directive, DoCheck, ElementRef, OnDestroy, inject } from '@angular/core';
import { MatFormFieldControl } from '@angular/material/form-field';
import { Subject } from 'rxjs';

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
export class NativeFieldDirective implements MatFormFieldControl<string>, DoCheck, OnDestroy {
  private readonly element: HTMLInputElement | HTMLSelectElement = inject(ElementRef).nativeElement;
  private readonly select = this.element instanceof HTMLSelectElement ? this.element : null;
  private previousValue = this.element.value;

  readonly stateChanges = new Subject<void>();
  readonly id = this.element.id || inject(_IdGenerator).getId('kz-field-');
  readonly placeholder = '';
  readonly ngControl = null;
  readonly required = false;
  readonly errorState = false;
  /** MatInput's types: the form field styles a native select (its arrow) by this. */
  readonly controlType = this.select ? 'mat-native-select' : 'mat-input';
  focused = false;

  get value(): string {
    return this.element.value;
  }

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

  ngOnDestroy(): void {
    this.stateChanges.complete();
  }

  setDescribedByIds(ids: string[]): void {
    if (ids.length) this.element.setAttribute('aria-describedby', ids.join(' '));
    else this.element.removeAttribute('aria-describedby');
  }

  onContainerClick(): void {
    if (!this.focused) this.element.focus();
  }

  focusChanged(focused: boolean): void {
    if (focused === this.focused) return;
    this.focused = focused;
    this.stateChanges.next();
  }
}
