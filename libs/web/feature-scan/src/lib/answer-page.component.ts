import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  ElementRef,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { toApiProblem } from '@kaizen/web/data-access-api';
import type { StatementDto } from '@kaizen/web/data-access-api/scans';
import { FormSubmit, MessagePipe } from '@kaizen/web/ui-kit';
import { LanguageService, TranslatePipe } from '@kaizen/web/util-i18n';
import { dimensions, SCALE } from '@kaizen/shared/domain-scan';
import { ScanStore } from './scan.store';

/** The answer form: every statement of the scan's pinned instrument on a five-point scale, and an optional comment. */
@Component({
  selector: 'kz-answer-page',
  imports: [MatButton, MessagePipe, ReactiveFormsModule, RouterLink, TranslatePipe],
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
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  protected readonly scale = SCALE;
  protected readonly scan = this.store.scan;

  /** One required choice per statement of the scan, and the optional comment; made anew for each scan. */
  protected readonly form = computed(() => this.formFor(this.scan()?.statements ?? []));
  protected readonly submitting = computed(
    () =>
      new FormSubmit(this.form(), {
        toProblem: toApiProblem,
        context: { conflict: 'scan.answer.conflict', forbidden: 'scan.answer.notInvited' },
        host: this.host,
      }),
  );
  private readonly edits = signal(0);
  /** The chosen points, read as a signal (a form's value is not one). */
  protected readonly answers = computed(() => {
    this.edits();
    return this.form().controls.answers.getRawValue();
  });
  protected readonly tried = signal(false);
  protected readonly sent = signal(false);

  /** The statements grouped by dimension, in the instrument's order of dimensions. */
  protected readonly sections = computed(() => {
    const statements = this.scan()?.statements ?? [];
    return dimensions
      .map((dimension) => ({ dimension, statements: statements.filter((s) => s.dimension === dimension) }))
      .filter((section) => section.statements.length > 0);
  });
  protected readonly total = computed(() => this.scan()?.statements.length ?? 0);
  protected readonly done = computed(() => Object.values(this.answers()).filter((v) => v !== null).length);
  protected readonly missing = computed(() => this.total() - this.done());

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => {
        this.sent.set(false);
        this.tried.set(false);
        void this.store.loadScan(id);
      });
    });
  }

  private formFor(statements: readonly StatementDto[]) {
    const form = new FormGroup({
      answers: new FormGroup<Record<string, FormControl<number | null>>>(
        Object.fromEntries(
          statements.map((s) => [s.id, new FormControl<number | null>(null, Validators.required)]),
        ),
      ),
      comment: new FormControl('', { nonNullable: true, validators: Validators.maxLength(2000) }),
    });
    form.controls.answers.valueChanges.subscribe(() => this.edits.update((n) => n + 1));
    return form;
  }

  protected text(statement: StatementDto): string {
    return this.language.current() === 'nl' ? statement.nl : statement.en;
  }

  protected async submit(): Promise<void> {
    this.tried.set(true);
    const { answers, comment } = this.form().getRawValue();
    const sent = await this.submitting().run(() =>
      this.store.answer(this.id(), answers as Record<string, number>, comment.trim() || null),
    );
    if (!sent) return;
    this.sent.set(true);
    await this.store.loadScan(this.id());
  }
}
