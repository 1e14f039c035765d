import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  OnInit,
  computed,
  inject,
  input,
  signal,
} from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import { TranslatePipe } from '@kaizen/web/util-i18n';
import { checkInCadences, metricDirections, proposalGaps } from '@kaizen/shared/domain-experiment';
import { toApiProblem } from '@kaizen/web/data-access-api';
import type { CreateExperimentDto, ExperimentDto } from '@kaizen/web/data-access-api/operations';
import { SessionStore } from '@kaizen/web/data-access-auth';
import { StructureStore } from '@kaizen/web/data-access-admin';
import { ExperimentStore, ExperimentsStore } from '@kaizen/web/data-access-experiments';
import { DecisionStore, ExperimentMeasureStore } from '@kaizen/web/data-access-measures';
import { SimilarWorkStore } from '@kaizen/web/data-access-programmes';
import {
  FieldErrorPipe,
  FormSubmit,
  MessagePipe,
  PageHeaderComponent,
  problemMessage,
  type StepTo,
} from '@kaizen/web/ui-kit';
import { DecisionRuleFieldsComponent, decisionRuleBody, decisionRuleForm } from '@kaizen/web/ui-measures';
import { ProposalChecklistComponent } from './proposal-checklist.component';

/**
 * The guided experiment form: a hypothesis written as one sentence ("we believe … will result
 * in …; we will know when …"), a metric with unit, baseline, target and direction, the plan and
 * what it asks for. A checklist (the domain's `proposalGaps`) says what a proposal still lacks.
 * With an `id` it edits a draft or a proposal that was sent back. A new one may also state its proof: the measure
 * over time with its baseline, and the prediction and decision rule, so the approver approves them with the plan.
 */
@Component({
  selector: 'kz-experiment-form-page',
  imports: [
    DecisionRuleFieldsComponent,
    PageHeaderComponent,
    FieldErrorPipe,
    MatButton,
    MatError,
    MatFormField,
    MatHint,
    MatInput,
    MatLabel,
    MessagePipe,
    ProposalChecklistComponent,
    ReactiveFormsModule,
    RouterLink,
    TranslatePipe,
  ],
  providers: [ExperimentStore, SimilarWorkStore, ExperimentMeasureStore, DecisionStore],
  templateUrl: './experiment-form-page.component.html',
  styleUrl: './experiment-form-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ExperimentFormPageComponent implements OnInit {
  /** Route parameter: set when editing. */
  readonly id = input<string | undefined>(undefined);
  /** Query parameter: the lesson a new experiment builds on. */
  readonly buildsOn = input<string | undefined>(undefined);

  private readonly experiments = inject(ExperimentsStore);
  private readonly experiment = inject(ExperimentStore);
  protected readonly session = inject(SessionStore);
  protected readonly structure = inject(StructureStore);
  private readonly router = inject(Router);
  /** "Has this been tried?": earlier work close to the problem and hypothesis as they are typed. */
  protected readonly similar = inject(SimilarWorkStore);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  protected readonly measures = inject(ExperimentMeasureStore);
  private readonly decision = inject(DecisionStore);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly directions = metricDirections;
  protected readonly cadences = checkInCadences;

  protected readonly form = inject(NonNullableFormBuilder).group({
    title: ['', [Validators.required, Validators.maxLength(200)]],
    teamId: ['', Validators.required],
    problem: ['', Validators.maxLength(4000)],
    hypothesis: inject(NonNullableFormBuilder).group({
      change: ['', Validators.maxLength(2000)],
      outcome: ['', Validators.maxLength(2000)],
      measure: ['', Validators.maxLength(2000)],
    }),
    metric: inject(NonNullableFormBuilder).group({
      name: ['', Validators.maxLength(200)],
      unit: ['', Validators.maxLength(50)],
      baseline: [null as number | null],
      target: [null as number | null],
      direction: ['' as string],
    }),
    plan: inject(NonNullableFormBuilder).group({
      start: [''],
      end: [''],
      checkInCadence: ['weekly' as (typeof checkInCadences)[number]],
    }),
    request: inject(NonNullableFormBuilder).group({
      hours: [0, [Validators.required, Validators.min(0), Validators.max(100000)]],
      amount: [0, [Validators.required, Validators.min(0)]],
    }),
  });

  /** The proof of a new experiment, optional as a whole: with a measure chosen, its baseline and rule are required. */
  protected readonly proof = this.fb.group({
    measureId: [''],
    baseline: this.fb.group({ from: ['', Validators.required], through: ['', Validators.required] }),
  });
  protected readonly rule = decisionRuleForm(this.fb);
  protected readonly measureChosen = signal(false);

  /** The form's value as a signal (without rxjs-interop, which would grow the initial bundle). */
  private readonly value = signal(this.form.getRawValue());
  protected readonly gaps = computed(() => {
    const v = this.value();
    return proposalGaps({
      problem: v.problem,
      hypothesis: v.hypothesis,
      metric: {
        ...v.metric,
        baseline: numberOrNull(v.metric.baseline),
        target: numberOrNull(v.metric.target),
      },
      plan: { start: v.plan.start || null, end: v.plan.end || null },
    });
  });
  protected readonly sentence = computed(() => this.value().hypothesis ?? {});
  /** Teams to propose in: one's own, or every team for an admin. */
  protected readonly teams = computed(() => {
    const mine = this.structure.teamsOf(this.session.me()?.membershipId);
    return this.session.role() === 'org_admin' || mine.length === 0 ? this.structure.teams() : mine;
  });
  protected readonly editing = computed(() => this.id() !== undefined);
  protected readonly loaded = signal(false);
  private readonly submit = new FormSubmit(this.form, {
    toProblem: toApiProblem,
    context: { conflict: 'experiments.stale', forbidden: 'experiments.forbidden' },
    host: this.host.nativeElement,
  });
  protected readonly submitting = this.submit.pending;
  protected readonly message = this.submit.message;

  constructor() {
    const subscription = this.form.valueChanges.subscribe(() => {
      const value = this.form.getRawValue();
      this.value.set(value);
      const { change, outcome, measure } = value.hypothesis;
      this.similar.draftChanged([value.title, value.problem, change, outcome, measure].join(' '), this.id());
    });
    const chosen = this.proof.controls.measureId.valueChanges.subscribe((id) =>
      this.measureChosen.set(id !== ''),
    );
    inject(DestroyRef).onDestroy(() => {
      subscription.unsubscribe();
      chosen.unsubscribe();
    });
  }

  async ngOnInit(): Promise<void> {
    await this.structure.load();
    const id = this.id();
    if (id) {
      await this.experiment.load(id);
      const current = this.experiment.experiment();
      const problem = this.experiment.error();
      if (current) this.fill(current);
      else if (problem) this.message.set(problemMessage(problem, { notFound: 'experiment.notFound' }));
    } else {
      if (this.teams().length === 1) this.form.controls.teamId.setValue(this.teams()[0].id);
      // Without measures the proof is simply left for later: a failed read is no reason to stop a plan.
      await this.measures.loadChoices().catch(() => undefined);
    }
    this.loaded.set(true);
  }

  private fill(e: ExperimentDto): void {
    this.form.setValue({
      title: e.title,
      teamId: e.teamId,
      problem: e.problem,
      hypothesis: { ...e.hypothesis },
      metric: {
        name: e.metric.name,
        unit: e.metric.unit,
        baseline: e.metric.baseline ?? null,
        target: e.metric.target ?? null,
        direction: e.metric.direction ?? '',
      },
      plan: {
        start: e.plan.start ?? '',
        end: e.plan.end ?? '',
        checkInCadence: e.plan.checkInCadence ?? 'weekly',
      },
      request: { hours: e.request.hours, amount: e.request.amountMinor / 100 },
    });
    if (e.status !== 'draft' && e.status !== 'changes_requested') this.form.disable();
  }

  /** Saves the draft (with its proof, when stated), and with `propose` also sends it for approval. */
  protected async save(propose: boolean): Promise<void> {
    const withProof = !this.id() && this.measureChosen();
    await this.submit.run(
      async (stepTo) => {
        const body = this.body();
        let saved: ExperimentDto;
        // Once saved (here or before), it is an edit: a failed proposal must not save a second draft.
        if (this.id() || this.experiment.experiment()) {
          const { teamId: _team, buildsOnLessonId: _lesson, ...changes } = body;
          saved = await this.experiment.update(changes);
          // A draft saved before its proof was refused states the proof in steps of their own.
          if (withProof) await this.saveProof(saved.id, stepTo);
        } else {
          // One request, one transaction: the draft and its proof are saved together or not at all.
          const { measureId, baseline } = this.proof.getRawValue();
          saved = await this.experiments.create(
            withProof
              ? { ...body, decisionRule: { measureId, baseline, ...decisionRuleBody(this.rule) } }
              : body,
          );
          this.experiment.hold(saved);
        }
        if (propose) await this.experiment.transition('propose');
        await this.router.navigate(['/experiments', saved.id]);
      },
      {
        ...(propose ? { fieldsMessage: { key: 'experiment.form.fixGaps' } } : {}),
        steps: withProof ? [this.proof, this.rule] : [],
        nested: { prefix: 'decisionRule.', forms: [this.proof, this.rule] },
      },
    );
  }

  /** The measure link and the rule of a saved draft, each its own request: a refusal lands on the part it concerns. */
  private async saveProof(id: string, stepTo: StepTo): Promise<void> {
    stepTo(this.proof);
    const { measureId, baseline } = this.proof.getRawValue();
    await this.measures.save({ measureId, baseline, changes: [] }, id);
    stepTo(this.rule);
    await this.decision.setRule(decisionRuleBody(this.rule), id);
    stepTo(this.form);
  }

  private body(): CreateExperimentDto {
    const v = this.form.getRawValue();
    const buildsOn = this.buildsOn();
    return {
      title: v.title.trim(),
      teamId: v.teamId,
      problem: v.problem.trim(),
      hypothesis: {
        change: v.hypothesis.change.trim(),
        outcome: v.hypothesis.outcome.trim(),
        measure: v.hypothesis.measure.trim(),
      },
      metric: {
        name: v.metric.name.trim(),
        unit: v.metric.unit.trim(),
        baseline: numberOrNull(v.metric.baseline),
        target: numberOrNull(v.metric.target),
        direction:
          v.metric.direction === 'increase' || v.metric.direction === 'decrease' ? v.metric.direction : null,
      },
      plan: { start: v.plan.start || null, end: v.plan.end || null, checkInCadence: v.plan.checkInCadence },
      request: {
        hours: Number(v.request.hours) || 0,
        amountMinor: Math.round((Number(v.request.amount) || 0) * 100),
      },
      ...(buildsOn ? { buildsOnLessonId: buildsOn } : {}),
    };
  }
}

function numberOrNull(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}
