import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import { toApiProblem } from '@kaizen/web/data-access-api';
import type { StatementDto } from '@kaizen/web/data-access-api/scans';
import { LanguageService } from '@kaizen/web/util-i18n';
import { dimensions, SCALE } from '@kaizen/shared/domain-scan';
import { ScanStore } from './scan.store';

/** The answer form: every statement of the scan's pinned instrument on a five-point scale, and an optional comment. */
@Component({
  selector: 'kz-answer-page',
  imports: [MatButton, RouterLink, TranslatePipe],
  templateUrl: './answer-page.component.html',
  styleUrl: './scan-page.scss',
  styles: `
    .kz-statement {
      border: 0;
      padding: 12px 0;
      margin: 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      display: grid;
      gap: 8px;
    }
    .kz-statement legend {
      font: var(--mat-sys-body-large);
      padding: 0;
      margin-bottom: 8px;
    }
    .kz-scale {
      display: grid;
      grid-template-columns: repeat(5, minmax(0, 1fr));
      gap: 4px;
    }
    .kz-scale label {
      display: grid;
      justify-items: center;
      gap: 4px;
      padding: 8px 4px;
      border-radius: 8px;
      text-align: center;
      font: var(--mat-sys-body-small);
      cursor: pointer;
      border: 1px solid var(--mat-sys-outline-variant);
    }
    .kz-scale label:has(input:checked) {
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
      border-color: var(--mat-sys-primary);
    }
    .kz-scale input {
      width: 20px;
      height: 20px;
      margin: 0;
    }
    .kz-statement--missing legend {
      color: var(--mat-sys-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AnswerPageComponent {
  /** Route parameter. */
  readonly id = input.required<string>();

  protected readonly store = inject(ScanStore);
  protected readonly language = inject(LanguageService);
  protected readonly scale = SCALE;

  protected readonly answers = signal<Record<string, number>>({});
  protected readonly comment = signal('');
  protected readonly tried = signal(false);
  protected readonly sent = signal(false);
  protected readonly problem = signal<string | null>(null);
  protected readonly busy = signal(false);

  protected readonly scan = this.store.scan;
  /** The statements grouped by dimension, in the instrument's order of dimensions. */
  protected readonly sections = computed(() => {
    const statements = this.scan()?.statements ?? [];
    return dimensions
      .map((dimension) => ({ dimension, statements: statements.filter((s) => s.dimension === dimension) }))
      .filter((section) => section.statements.length > 0);
  });
  protected readonly total = computed(() => this.scan()?.statements.length ?? 0);
  protected readonly done = computed(() => Object.keys(this.answers()).length);
  protected readonly missing = computed(() => this.total() - this.done());

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => {
        this.answers.set({});
        this.sent.set(false);
        void this.store.loadScan(id);
      });
    });
  }

  protected text(statement: StatementDto): string {
    return this.language.current() === 'nl' ? statement.nl : statement.en;
  }

  protected choose(statementId: string, value: number): void {
    this.answers.set({ ...this.answers(), [statementId]: value });
  }

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    this.tried.set(true);
    this.problem.set(null);
    if (this.missing() > 0) {
      const first = this.scan()?.statements.find((s) => !(s.id in this.answers()));
      if (first) document.getElementById(`kz-statement-${first.id}`)?.focus();
      return;
    }
    this.busy.set(true);
    try {
      await this.store.answer(this.id(), this.answers(), this.comment().trim() || null);
      this.sent.set(true);
      await this.store.loadScan(this.id());
    } catch (error) {
      const problem = toApiProblem(error);
      this.problem.set(
        problem.status === 409
          ? 'scan.answer.conflict'
          : problem.status === 403
            ? 'scan.answer.notInvited'
            : 'scan.answer.failed',
      );
    } finally {
      this.busy.set(false);
    }
  }

  protected value(event: Event): string {
    return (event.target as HTMLTextAreaElement).value;
  }
}
