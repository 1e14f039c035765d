import { ChangeDetectionStrategy, Component, ElementRef, inject, input, signal } from '@angular/core';
import { FormControl, FormGroup, NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { TranslatePipe, TranslateService } from '@kaizen/web/util-i18n';
import {
  pointProblems,
  periodRangeOn,
  type DataPoint,
  type MeasureKind,
} from '@kaizen/shared/domain-measures';
import { toApiProblem } from '@kaizen/web/data-access-api';
import type { PointInputDto } from '@kaizen/web/data-access-api/measures';
import { ImportProblem, MeasureStore, gridProblemsOf } from '@kaizen/web/data-access-measures';
import { FieldErrorPipe, FormMessage, FormSubmit, MessagePipe } from '@kaizen/web/ui-kit';
import { ImportProblemsComponent } from './import-problems.component';

type Cell = 'period' | 'value' | 'numerator' | 'denominator' | 'note';
type Row = FormGroup<Record<Cell, FormControl<string>>>;

/** A number as people type or paste it (a decimal comma is a decimal point); not a number when left empty. */
const numberOf = (text: string): number => (text.trim() === '' ? NaN : Number(text.trim().replace(',', '.')));

const EMPTY_ROWS = 3;

/**
 * Several points at once: typed row by row, or pasted from a spreadsheet (tab-separated cells, one line a row) into
 * any cell, from where it fills right and down. The grid is stored as a whole or not at all: each bad cell is named by
 * its row and column, beside the cell and in a list. A period the measure has gets the new values, as a revision.
 */
@Component({
  selector: 'kz-points-grid',
  imports: [
    FieldErrorPipe,
    ImportProblemsComponent,
    MatButton,
    MatError,
    MatFormField,
    MatInput,
    MatLabel,
    MessagePipe,
    ReactiveFormsModule,
    TranslatePipe,
  ],
  template: `
    <form
      class="kz-card"
      [formGroup]="form"
      (ngSubmit)="save()"
      novalidate
      aria-labelledby="kz-grid-title"
      data-testid="points-grid"
    >
      <h2 id="kz-grid-title">{{ 'measures.grid.title' | translate }}</h2>
      <p class="kz-muted" id="kz-grid-hint">{{ 'measures.grid.hint' | translate }}</p>
      <div formArrayName="points" class="kz-grid">
        @for (row of form.controls.points.controls; track row; let i = $index) {
          <fieldset class="kz-grid__row" [formGroupName]="i" [attr.data-testid]="'grid-row-' + i">
            <legend>{{ 'measures.grid.row' | translate: { n: i + 1 } }}</legend>
            @for (cell of cells(); track cell) {
              <mat-form-field
                appearance="outline"
                subscriptSizing="dynamic"
                [class.kz-grid__note]="cell === 'note'"
              >
                <mat-label>{{ 'measures.fields.' + cell | translate }}</mat-label>
                <input
                  matInput
                  [formControlName]="cell"
                  [attr.placeholder]="cell === 'period' ? 'YYYY-MM-DD' : null"
                  [attr.inputmode]="cell === 'period' || cell === 'note' ? null : 'decimal'"
                  [attr.data-testid]="'grid-' + cell + '-' + i"
                  (paste)="paste($event, i, cell)"
                />
                <mat-error>{{ row.controls[cell] | kzFieldError }}</mat-error>
              </mat-form-field>
            }
            <button
              mat-button
              type="button"
              class="kz-grid__remove"
              (click)="removeRow(i)"
              [attr.data-testid]="'grid-remove-' + i"
            >
              {{ 'measures.grid.remove' | translate: { n: i + 1 } }}
            </button>
          </fieldset>
        }
      </div>
      @if (problems().length > 0) {
        <kz-import-problems [problems]="problems()" />
      }
      @if (submit.message(); as msg) {
        <p class="kz-alert" role="alert" data-testid="grid-error">{{ msg | kzMessage }}</p>
      }
      @if (notice(); as msg) {
        <p class="kz-notice" role="status" data-testid="grid-done">{{ msg | kzMessage }}</p>
      }
      <div class="kz-actions">
        <button mat-stroked-button type="button" (click)="addRow()" data-testid="grid-add">
          {{ 'measures.grid.add' | translate }}
        </button>
        <button mat-flat-button type="submit" [disabled]="submit.pending()" data-testid="grid-submit">
          {{ 'measures.grid.submit' | translate }}
        </button>
      </div>
    </form>
  `,
  styles: `
    :host {
      display: block;
      min-width: 0;
    }
    .kz-grid__row {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-start;
      gap: 0.75rem;
      min-width: 0;
      margin: 0 0 0.5rem;
      padding: 0.25rem 0 0;
      border: 0;
      border-top: 1px solid var(--mat-sys-outline-variant);
    }
    .kz-grid__row legend {
      padding: 0;
      font: var(--mat-sys-label-large);
    }
    .kz-grid__row mat-form-field {
      flex: 1 1 8rem;
      min-width: 0;
    }
    .kz-grid__row .kz-grid__note {
      flex: 2 1 12rem;
    }
    .kz-grid__remove {
      margin-top: 0.5rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PointsGridComponent {
  /** A proportion or rate has a numerator and a denominator per point instead of a value. */
  readonly kind = input.required<MeasureKind>();

  private readonly store = inject(MeasureStore);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly translate = inject(TranslateService);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  protected readonly form = this.fb.group({
    points: this.fb.array<Row>(Array.from({ length: EMPTY_ROWS }, () => this.row())),
  });
  protected readonly submit = new FormSubmit(this.form, {
    toProblem: toApiProblem,
    host: this.host.nativeElement,
    context: { forbidden: 'measures.forbidden', conflict: 'measures.isArchived' },
  });
  /** Every bad cell, by row and column: the grid's own checks, then what the API refused. */
  protected readonly problems = signal<readonly ImportProblem[]>([]);
  protected readonly notice = signal<FormMessage | null>(null);

  protected cells(): Cell[] {
    return this.kind() !== 'value'
      ? ['period', 'numerator', 'denominator', 'note']
      : ['period', 'value', 'note'];
  }

  protected addRow(): void {
    this.form.controls.points.push(this.row());
  }

  protected removeRow(index: number): void {
    this.form.controls.points.removeAt(index);
    if (this.form.controls.points.length === 0) this.addRow();
  }

  /** Spreadsheet cells pasted into a cell fill the grid from there, right and down, with rows added as needed. */
  protected paste(event: ClipboardEvent, rowIndex: number, cell: Cell): void {
    const text = event.clipboardData?.getData('text/plain') ?? '';
    if (!/[\t\n]/.test(text.trim())) return;
    event.preventDefault();
    const cells = this.cells();
    const lines = text
      .replace(/\r/g, '')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => line.split('\t'))
      // A header row (a word where a date belongs) is not a point.
      .filter((fields, i) => !(i === 0 && cell === 'period' && /^[^\d\s]/.test(fields[0].trim())));
    const points = this.form.controls.points;
    lines.forEach((fields, offset) => {
      const index = rowIndex + offset;
      while (points.length <= index) points.push(this.row());
      fields.forEach((field, column) => {
        const target = cells[cells.indexOf(cell) + column];
        if (target) points.at(index).controls[target].setValue(field.trim());
      });
      points.at(index).markAsDirty();
    });
  }

  protected async save(): Promise<void> {
    this.notice.set(null);
    this.problems.set([]);
    this.dropBlankRows();
    this.check();
    const points = this.form.controls.points.controls.map((row) => this.point(row));
    let refused: ImportProblem[] = [];
    const stored = await this.submit.run(async () => {
      try {
        await this.store.putPoints(points);
      } catch (error) {
        refused = gridProblemsOf(toApiProblem(error));
        throw error;
      }
    });
    if (stored) {
      this.notice.set({ key: 'measures.grid.stored', params: { count: points.length } });
      this.form.controls.points.clear();
      for (let i = 0; i < EMPTY_ROWS; i++) this.addRow();
      return;
    }
    this.wordServerErrors(refused);
    this.problems.set(
      [...this.ownProblems(), ...refused].map((p) => ({ ...p, column: this.label(p.column) })),
    );
  }

  /** Rows left empty are spare rows, not points: they go before the rows are numbered for the API. */
  private dropBlankRows(): void {
    const points = this.form.controls.points;
    for (let i = points.length - 1; i >= 0; i--)
      if (Object.values(points.at(i).getRawValue()).every((v) => v.trim() === '')) points.removeAt(i);
    if (points.length === 0) this.addRow();
  }

  /**
   * Each row against the domain's rules for a point, the same the API applies: a bad cell gets its rule, worded as
   * the CSV import words it, until its value changes. Periods repeated in the grid are left to the API.
   */
  private check(): void {
    const range = periodRangeOn(new Date());
    for (const row of this.form.controls.points.controls) {
      for (const control of Object.values(row.controls)) control.setErrors(null);
      for (const problem of pointProblems(this.kind(), this.point(row), range)) {
        const control = row.controls[problem.field as Cell];
        // What it says of the text typed, as the CSV import does, before what it says of the number.
        const typed = control.value.trim();
        const numberCell = problem.field !== 'period' && problem.field !== 'note';
        const rule =
          typed === ''
            ? 'required'
            : numberCell && !Number.isFinite(numberOf(typed))
              ? 'numeric'
              : problem.rule;
        control.setErrors({ rule, server: { key: `measures.import.rules.${rule}` } });
        control.markAsTouched();
      }
    }
  }

  /** A refused cell says its rule in the person's language, as the list does, rather than the API's English sentence. */
  private wordServerErrors(refused: readonly ImportProblem[]): void {
    for (const problem of refused) {
      const control = this.form.controls.points.at(problem.row - 1)?.controls[problem.column as Cell];
      const key = `measures.import.rules.${problem.rule}`;
      if (control?.hasError('server') && this.translate.instant(key) !== key)
        control.setErrors({ ...control.errors, server: { key } });
    }
  }

  /** The cells the grid's own check refused, by row and column. */
  private ownProblems(): ImportProblem[] {
    return this.form.controls.points.controls.flatMap((row, i) =>
      this.cells()
        .filter((cell) => row.controls[cell].hasError('rule'))
        .map((cell) => ({
          row: i + 1,
          column: cell,
          rule: row.controls[cell].getError('rule'),
          message: '',
        })),
    );
  }

  private point(row: Row): PointInputDto & DataPoint {
    const v = row.getRawValue();
    const note = v.note.trim();
    const base = { period: v.period.trim(), ...(note ? { note } : {}) };
    return this.kind() !== 'value'
      ? { ...base, numerator: numberOf(v.numerator), denominator: numberOf(v.denominator) }
      : { ...base, value: numberOf(v.value) };
  }

  private label(cell: string): string {
    const key = `measures.fields.${cell}`;
    const text: unknown = this.translate.instant(key);
    return typeof text === 'string' && text !== key ? text : cell;
  }

  private row(): Row {
    return this.fb.group({ period: [''], value: [''], numerator: [''], denominator: [''], note: [''] });
  }
}
