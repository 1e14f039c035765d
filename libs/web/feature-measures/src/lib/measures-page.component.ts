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
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { directions, measureKinds } from '@kaizen/shared/domain-measures';
import { toApiProblem } from '@kaizen/web/data-access-api';
import type { CreateMeasureDto, MeasureDto } from '@kaizen/web/data-access-api/measures';
import { StructureStore } from '@kaizen/web/data-access-admin';
import { SessionStore } from '@kaizen/web/data-access-auth';
import { MeasuresStore } from '@kaizen/web/data-access-measures';
import { FieldErrorPipe, FormMessage, FormSubmit, MessagePipe, problemMessage } from '@kaizen/web/ui-kit';
import { FORMAT_PIPES, TranslatePipe } from '@kaizen/web/util-i18n';

const UNIT_TYPES = ['organisation', 'department', 'team'] as const;

/** The organisation's measures (name, unit, owner, kind, last point), a form to create one, and archive. */
@Component({
  selector: 'kz-measures-page',
  imports: [
    FORMAT_PIPES,
    FieldErrorPipe,
    MatButton,
    MatError,
    MatFormField,
    MatHint,
    MatInput,
    MatLabel,
    MessagePipe,
    ReactiveFormsModule,
    RouterLink,
    TranslatePipe,
  ],
  templateUrl: './measures-page.component.html',
  styleUrl: './measures.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MeasuresPageComponent implements OnInit {
  protected readonly store = inject(MeasuresStore);
  protected readonly structure = inject(StructureStore);
  private readonly session = inject(SessionStore);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly kinds = measureKinds;
  protected readonly directions = directions;
  protected readonly unitTypes = UNIT_TYPES;
  protected readonly canWrite = computed(() => this.session.can('experiments.write'));
  protected readonly notice = signal<FormMessage | null>(null);
  protected readonly actionMessage = signal<FormMessage | null>(null);
  protected readonly loadError = computed(() => {
    const problem = this.store.state.error();
    return problem ? problemMessage(problem) : null;
  });

  protected readonly form = this.fb.group({
    name: ['', [Validators.required, Validators.maxLength(200)]],
    unit: ['', Validators.maxLength(100)],
    definition: ['', Validators.maxLength(4000)],
    direction: ['' as string, Validators.required],
    kind: ['' as string, Validators.required],
    multiplier: [null as number | null, Validators.min(0)],
    unitType: ['organisation' as string, Validators.required],
    teamId: [''],
    departmentId: [''],
  });
  protected readonly submit = new FormSubmit(this.form, {
    toProblem: toApiProblem,
    host: this.host.nativeElement,
    context: { forbidden: 'measures.forbidden' },
  });
  private readonly unitType = signal('organisation');

  protected readonly needsTeam = computed(() => this.unitType() === 'team');
  protected readonly needsDepartment = computed(() => this.unitType() === 'department');

  constructor() {
    this.form.controls.unitType.valueChanges.subscribe((value) => {
      this.unitType.set(value);
      const { teamId, departmentId } = this.form.controls;
      teamId.setValidators(value === 'team' ? Validators.required : null);
      departmentId.setValidators(value === 'department' ? Validators.required : null);
      teamId.updateValueAndValidity();
      departmentId.updateValueAndValidity();
    });
  }

  ngOnInit(): void {
    void this.store.load();
    if (this.canWrite()) void this.structure.load();
  }

  protected async create(): Promise<void> {
    this.notice.set(null);
    const v = this.form.getRawValue();
    const body: CreateMeasureDto = {
      name: v.name.trim(),
      unit: v.unit.trim(),
      definition: v.definition.trim(),
      direction: v.direction as CreateMeasureDto['direction'],
      kind: v.kind as CreateMeasureDto['kind'],
      unitType: v.unitType as CreateMeasureDto['unitType'],
      ...(v.multiplier !== null && String(v.multiplier) !== '' ? { multiplier: Number(v.multiplier) } : {}),
      ...(v.unitType === 'team' ? { teamId: v.teamId } : {}),
      ...(v.unitType === 'department' ? { departmentId: v.departmentId } : {}),
    };
    let created: MeasureDto | null = null;
    const done = await this.submit.run(async () => (created = await this.store.create(body)));
    if (done && created) {
      this.notice.set({ key: 'measures.create.created', params: { name: (created as MeasureDto).name } });
      this.form.reset();
    }
  }

  protected async archive(measure: MeasureDto): Promise<void> {
    this.actionMessage.set(null);
    this.notice.set(null);
    try {
      await this.store.archive(measure);
      this.notice.set({ key: 'measures.archived', params: { name: measure.name } });
    } catch (error) {
      this.actionMessage.set(
        problemMessage(toApiProblem(error), {
          forbidden: 'measures.forbidden',
          notFound: 'measures.notFound',
        }),
      );
    }
  }
}
