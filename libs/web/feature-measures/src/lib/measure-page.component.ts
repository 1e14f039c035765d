import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { toApiProblem } from '@kaizen/web/data-access-api';
import type { PointImportResultDto, PointInputDto } from '@kaizen/web/data-access-api/measures';
import { SessionStore } from '@kaizen/web/data-access-auth';
import { ImportProblem, MeasureStore, importProblemsOf } from '@kaizen/web/data-access-measures';
import { FieldErrorPipe, FormMessage, FormSubmit, MessagePipe, problemMessage } from '@kaizen/web/ui-kit';
import { MeasureChartComponent } from '@kaizen/web/ui-measures';
import { FORMAT_PIPES, TranslatePipe } from '@kaizen/web/util-i18n';
import { ImportProblemsComponent } from './import-problems.component';
import { PointsGridComponent } from './points-grid.component';

/**
 * One measure: what it counts, its chart (as the API analysed it) with the table beside it, and, for
 * those who may write, a point by hand, several in a grid, or a CSV pasted or read from a file, checked first and
 * imported only when every row is right.
 */
@Component({
  selector: 'kz-measure-page',
  imports: [
    FORMAT_PIPES,
    FieldErrorPipe,
    ImportProblemsComponent,
    MatButton,
    MatCheckbox,
    MatError,
    MatFormField,
    MatHint,
    MatInput,
    MatLabel,
    MeasureChartComponent,
    MessagePipe,
    PointsGridComponent,
    ReactiveFormsModule,
    RouterLink,
    TranslatePipe,
  ],
  providers: [MeasureStore],
  templateUrl: './measure-page.component.html',
  styleUrl: './measures.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MeasurePageComponent {
  readonly id = input.required<string>();

  protected readonly store = inject(MeasureStore);
  private readonly session = inject(SessionStore);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly measure = this.store.measure;
  protected readonly counts = computed(() => this.measure()?.kind !== 'value');
  protected readonly canEnter = computed(
    () => this.session.can('experiments.write') && !!this.measure() && !this.measure()?.archivedAt,
  );
  protected readonly loadError = computed(() => {
    const problem = this.store.state.error();
    return problem ? problemMessage(problem, { notFound: 'measures.notFound' }) : null;
  });

  protected readonly pointForm = this.fb.group({
    period: ['', Validators.required],
    value: [null as number | null],
    numerator: [null as number | null],
    denominator: [null as number | null],
    note: ['', Validators.maxLength(1000)],
  });
  protected readonly pointSubmit = new FormSubmit(this.pointForm, {
    toProblem: toApiProblem,
    host: this.host.nativeElement,
    context: { forbidden: 'measures.forbidden', conflict: 'measures.isArchived' },
  });
  protected readonly pointNotice = signal<FormMessage | null>(null);

  protected readonly csv = signal('');
  /** The text the preview answers for: importing needs a clean preview of exactly this text. */
  private readonly previewedCsv = signal<string | null>(null);
  protected readonly preview = signal<PointImportResultDto | null>(null);
  protected readonly importProblems = signal<readonly ImportProblem[]>([]);
  protected readonly importMessage = signal<FormMessage | null>(null);
  protected readonly importNotice = signal<FormMessage | null>(null);
  protected readonly importing = signal(false);
  protected readonly stale = computed(() => this.preview() !== null && this.previewedCsv() !== this.csv());
  protected readonly canImport = computed(() => {
    const preview = this.preview();
    return !!preview && !this.stale() && preview.problems.length === 0 && preview.points.length > 0;
  });

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => void this.store.load(id));
    });
    // Which fields a point needs follows the measure's kind.
    effect(() => {
      const counts = this.counts();
      const { value, numerator, denominator } = this.pointForm.controls;
      value.setValidators(counts ? null : Validators.required);
      numerator.setValidators(counts ? [Validators.required, Validators.min(0)] : null);
      denominator.setValidators(counts ? [Validators.required, Validators.min(0)] : null);
      for (const control of [value, numerator, denominator]) control.updateValueAndValidity();
    });
  }

  protected async addPoint(): Promise<void> {
    this.pointNotice.set(null);
    const v = this.pointForm.getRawValue();
    const point: PointInputDto = this.counts()
      ? {
          period: v.period,
          numerator: Number(v.numerator),
          denominator: Number(v.denominator),
          note: v.note.trim(),
        }
      : { period: v.period, value: Number(v.value), note: v.note.trim() };
    if (await this.pointSubmit.run(() => this.store.addPoint(point))) {
      this.pointNotice.set({ key: 'measures.point.added', params: { period: v.period } });
      this.pointForm.reset();
    }
  }

  protected typed(text: string): void {
    this.csv.set(text);
    this.importNotice.set(null);
  }

  protected async readFile(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    if (!file) return;
    this.typed(await file.text());
    await this.check();
  }

  /** A dry run: the rows that would be imported and every problem, by row and column. */
  protected async check(): Promise<void> {
    const csv = this.csv();
    this.importMessage.set(null);
    this.importNotice.set(null);
    this.importing.set(true);
    try {
      const preview = await this.store.preview(csv);
      this.preview.set(preview);
      this.previewedCsv.set(csv);
      this.importProblems.set(preview.problems);
    } catch (error) {
      this.showImportFailure(error);
    } finally {
      this.importing.set(false);
    }
  }

  protected async import(): Promise<void> {
    if (!this.canImport()) return;
    this.importing.set(true);
    this.importMessage.set(null);
    try {
      const result = await this.store.import(this.csv());
      this.importNotice.set({ key: 'measures.import.imported', params: { count: result.imported } });
      this.preview.set(null);
      this.previewedCsv.set(null);
      this.importProblems.set([]);
      this.csv.set('');
    } catch (error) {
      this.showImportFailure(error);
    } finally {
      this.importing.set(false);
    }
  }

  private showImportFailure(error: unknown): void {
    const problem = toApiProblem(error);
    const rows = importProblemsOf(problem);
    this.preview.set(null);
    this.importProblems.set(rows);
    if (rows.length === 0)
      this.importMessage.set(
        problemMessage(problem, { forbidden: 'measures.forbidden', conflict: 'measures.isArchived' }),
      );
  }
}
