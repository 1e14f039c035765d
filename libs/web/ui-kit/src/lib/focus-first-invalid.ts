const invalidField = 'input.ng-invalid, select.ng-invalid, textarea.ng-invalid';

/**
 * After a failed submit, moves focus to the first field with an error, so keyboard and screen
 * reader users land where the fix is: within `first` when it has one (the form being submitted),
 * else within `host`. Waits a frame, so the error texts are rendered first.
 */
export function focusFirstInvalid(host: HTMLElement, first?: Element | null): void {
  setTimeout(() => {
    (
      first?.querySelector<HTMLElement>(invalidField) ?? host.querySelector<HTMLElement>(invalidField)
    )?.focus();
  });
}
