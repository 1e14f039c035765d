import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  OnInit,
  computed,
  inject,
  signal,
} from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { toApiProblem } from '@kaizen/web/data-access-api';
import type { CreateProgrammeDto } from '@kaizen/web/data-access-api/programmes';
import { StructureStore } from '@kaizen/web/data-access-admin';
import { SessionStore } from '@kaizen/web/data-access-auth';
import { MeasuresStore } from '@kaizen/web/data-access-measures';
import { ProgrammesStore } from '@kaizen/web/data-access-programmes';
import {
  FieldErrorPipe,
  FormMessage,
  FormSubmit,
  MessagePipe,
  downloadText,
  problemMessage,
} from '@kaizen/web/ui-kit';
import { FORMAT_PIPES, TranslatePipe } from '@kaizen/web/util-i18n';
import { ProgressBadgeComponent } from './progress-badge.component';

/**
 * The programmes with their aim and progress score. Heads and admins see it as the portfolio: every programme, by
 * department, stalled ones flagged, exportable as CSV. Below, a form to start a programme.
 */
@Component({
  selector: 'kz-programmes-page',
  imports: [
    FORMAT_PIPES,
    FieldErrorPipe,
    MatButton,
    MatError,
    MatFormField,
    MatInput,
    MatLabel,
    MessagePipe,
    ProgressBadgeComponent,
    ReactiveFormsModule,
    RouterLink,
    TranslatePipe,
  ],
  templateUrl: './programmes-page.component.html',
  styleUrl: './programmes.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProgrammesPageComponent implements OnInit {
  protected readonly store = inject(ProgrammesStore);
  protected readonly structure = inject(StructureStore);
  protected readonly measures = inject(MeasuresStore);
  private readonly session = inject(SessionStore);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly portfolio = computed(() => this.session.can('programmes.portfolio'));
  protected readonly canWrite = computed(() => this.session.can('experiments.write'));
  protected readonly departmentId = signal('');
  protected readonly stalledOnly = signal(false);
  protected readonly notice = signal<FormMessage | null>(null);
  protected readonly loadError = computed(() => {
    const problem = this.store.state.error();
    return problem ? problemMessage(problem) : null;
  });

  protected readonly form = this.fb.group({
    title: ['', [Validators.required, Validators.maxLength(200)]],
    departmentId: ['', Validators.required],
    statement: ['', [Validators.required, Validators.maxLength(500)]],
    measureId: ['', Validators.required],
    baseline: [null as number | null, Validators.required],
    target: [null as number | null, Validators.required],
    targetDate: ['', Validators.required],
  });
  protected readonly submit = new FormSubmit(this.form, {
    toProblem: toApiProblem,
    host: this.host.nativeElement,
    context: { forbidden: 'programmes.forbidden' },
    // The API names the aim's fields aim.x; the form holds them flat.
    fields: {
      'aim.statement': 'statement',
      'aim.measureId': 'measureId',
      'aim.baseline': 'baseline',
      'aim.target': 'target',
      'aim.targetDate': 'targetDate',
    },
  });

  ngOnInit(): void {
    void this.reload();
    void this.structure.load();
    if (this.canWrite()) void this.measures.load();
  }

  protected reload(): Promise<boolean> {
    return this.store.load(this.portfolio(), {
      departmentId: this.departmentId() || undefined,
      stalledOnly: this.stalledOnly() || undefined,
    });
  }

  protected filterDepartment(value: string): void {
    this.departmentId.set(value);
    void this.reload();
  }

  protected filterStalled(value: boolean): void {
    this.stalledOnly.set(value);
    void this.reload();
  }

  protected async exportCsv(): Promise<void> {
    downloadText(await this.store.exportCsv(), 'programmes.csv');
  }

  protected async create(): Promise<void> {
    this.notice.set(null);
    const v = this.form.getRawValue();
    const body: CreateProgrammeDto = {
      title: v.title.trim(),
      unitType: 'department',
      departmentId: v.departmentId,
      aim: {
        statement: v.statement.trim(),
        measureId: v.measureId,
        baseline: Number(v.baseline),
        target: Number(v.target),
        targetDate: v.targetDate,
      },
    };
    const done = await this.submit.run(() => this.store.create(body));
    if (done) {
      this.notice.set({ key: 'programmes.create.created', params: { title: body.title } });
      this.form.reset();
    }
  }
}
