import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import type { ImportProblem } from '@kaizen/web/data-access-measures';
import { LanguageService, TranslatePipe, TranslateService } from '@kaizen/web/util-i18n';

/** Every bad row of an import, by row and column, worded in the person's language (the API's own sentence when no translation knows the rule). */
@Component({
  selector: 'kz-import-problems',
  imports: [TranslatePipe],
  template: `
    <div class="kz-alert" role="alert" data-testid="import-problems">
      <p>{{ 'measures.import.problems' | translate }}</p>
      <ul>
        @for (p of problems(); track $index) {
          <li [attr.data-row]="p.row" [attr.data-column]="p.column">
            @if (p.column) {
              {{
                'measures.import.problem' | translate: { row: p.row, column: p.column, message: message(p) }
              }}
            } @else {
              {{ 'measures.import.problemRow' | translate: { row: p.row, message: message(p) } }}
            }
          </li>
        }
      </ul>
    </div>
  `,
  styles: `
    .kz-alert {
      padding: 12px 16px;
      border-radius: 8px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    p,
    ul {
      margin: 0;
    }
    ul {
      padding-left: 20px;
      overflow-wrap: anywhere;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ImportProblemsComponent {
  readonly problems = input.required<readonly ImportProblem[]>();

  private readonly translate = inject(TranslateService);
  private readonly language = inject(LanguageService);

  protected message(problem: ImportProblem): string {
    this.language.current();
    const key = `measures.import.rules.${problem.rule}`;
    const text: unknown = this.translate.instant(key);
    return typeof text === 'string' && text !== key ? text : problem.message;
  }
}
