import { _IdGenerator } from '@angular/cdk/a11y';
import { Directive, ElementRef, OnDestroy, inject } from '@angular/core';
import { Subject } from 'rxjs';

/**
 * What a native input or select needs to act as a `mat-form-field` control the way MatInput does: an id, state
 * changes, focus, the field's description and a click on the field focusing it. The fields differ only in how they
 * know their value, state and errors.
 */
@Directive()
export abstract class NativeControl<E extends HTMLInputElement | HTMLSelectElement> implements OnDestroy {
  protected readonly element: E = inject(ElementRef).nativeElement;

  readonly stateChanges = new Subject<void>();
  readonly id = this.element.id || inject(_IdGenerator).getId('kz-field-');
  readonly placeholder = '';
  focused = false;

  get value(): string {
    return this.element.value;
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
