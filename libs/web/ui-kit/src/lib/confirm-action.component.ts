import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { TranslatePipe } from '@kaizen/web/util-i18n';

/**
 * The question a destructive action asks before it acts (archive a team, deactivate a member):
 * the question, the action in the error colour, and Cancel. Presentational: the page acts on `confirmed`.
 * The buttons' test ids are `<testId>-confirm` and `<testId>-cancel`.
 */
@Component({
  selector: 'kz-confirm-action',
  imports: [MatButton, TranslatePipe],
  host: { role: 'group', '[attr.aria-label]': 'question()' },
  template: `
    <span>{{ question() }}</span>
    <button
      mat-flat-button
      type="button"
      class="kz-danger"
      [attr.data-testid]="testId() + '-confirm'"
      (click)="confirmed.emit()"
    >
      {{ action() }}
    </button>
    <button mat-button type="button" [attr.data-testid]="testId() + '-cancel'" (click)="cancelled.emit()">
      {{ 'common.cancel' | translate }}
    </button>
  `,
  styleUrl: './confirm-action.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConfirmActionComponent {
  /** The whole question, translated, e.g. "Archive team North?". */
  readonly question = input.required<string>();
  /** The action's label, translated. */
  readonly action = input.required<string>();
  readonly testId = input.required<string>();
  readonly confirmed = output<void>();
  readonly cancelled = output<void>();
}
