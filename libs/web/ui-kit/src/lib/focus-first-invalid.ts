/**
 * After a failed submit, moves focus to the first field with an error, so keyboard and screen
 * reader users land where the fix is. Waits a frame, so the error texts are rendered first.
 */
export function focusFirstInvalid(host: HTMLElement): void {
  setTimeout(() => {
    host.querySelector<HTMLElement>('input.ng-invalid, select.ng-invalid, textarea.ng-invalid')?.focus();
  });
}
