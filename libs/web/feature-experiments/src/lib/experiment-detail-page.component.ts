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
import { MatAnchor, MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import {
  Transition,
  acceptsCheckIns,
  awaitsLesson,
  disciplines,
  isPlanEditable,
  lessonVisibilities,
  recommendations,
  transitionRules,
  verdicts,
} from '@kaizen/shared/domain-experiment';
import { toApiProblem } from '@kaizen/web/data-access-api';
import { SessionStore } from '@kaizen/web/data-access-auth';
import { ExperimentStore } from '@kaizen/web/data-access-experiments';
import {
  FieldErrorPipe,
  FormMessage,
  FormSubmit,
  MessagePipe,
  MoneyPipe,
  StatusChipComponent,
  applyProblem,
  focusFirstInvalid,
  problemMessage,
} from '@kaizen/web/ui-kit';
import { FORMAT_PIPES, LanguageService, TranslatePipe } from '@kaizen/web/util-i18n';
import { ExperimentDecisionSectionComponent } from './experiment-decision-section.component';
import { ExperimentMeasureSectionComponent } from './experiment-measure-section.component';
import { PdcaTimelineComponent } from './pdca-timeline.component';

/** Transitions decided in the approval inbox, not here. */
const DECISIONS: readonly Transition[] = ['approve', 'reject', 'request_changes'];

/**
 * One experiment: its plan, the steps it may take next, check-ins while it runs, the result,
 * the lesson, the PDCA timeline and the comments.
 */
@Component({
  selector: 'kz-experiment-detail-page',
  imports: [
    ExperimentDecisionSectionComponent,
    ExperimentMeasureSectionComponent,
    FORMAT_PIPES,
    FieldErrorPipe,
    MatAnchor,
    MatButton,
    MatError,
    MatFormField,
    MatHint,
    MatInput,
    MatLabel,
    MessagePipe,
    MoneyPipe,
    PdcaTimelineComponent,
    ReactiveFormsModule,
    RouterLink,
    StatusChipComponent,
    TranslatePipe,
  ],
  providers: [ExperimentStore],
  templateUrl: './experiment-detail-page.component.html',
  styleUrl: './experiment-detail-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ExperimentDetailPageComponent {
  readonly id = input.required<string>();

  protected readonly store = inject(ExperimentStore);
  protected readonly session = inject(SessionStore);
  protected readonly language = inject(LanguageService);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly verdicts = verdicts;
  protected readonly recommendations = recommendations;
  protected readonly visibilities = lessonVisibilities;
  protected readonly disciplines = disciplines;

  protected readonly experiment = this.store.experiment;
  protected readonly steps = computed(() => this.store.available().filter((t) => !DECISIONS.includes(t)));
  protected readonly awaitsDecision = computed(() =>
    this.store.available().some((t) => DECISIONS.includes(t)),
  );
  protected readonly editable = computed(() => {
    const e = this.experiment();
    return !!e && isPlanEditable(e.status) && this.store.available().includes('propose');
  });
  protected readonly running = computed(() => {
    const e = this.experiment();
    return !!e && acceptsCheckIns(e.status) && this.store.available().includes('conclude');
  });
  protected readonly needsLesson = computed(() => {
    const e = this.experiment();
    return !!e && awaitsLesson(e.status) && !e.lessonId && this.store.available().includes('learn');
  });
  /** Who may link the measure, as the API allows it: the owner, a participant, a team lead or an admin. */
  protected readonly canLinkMeasure = computed(() => {
    const e = this.experiment();
    const me = this.session.me()?.membershipId;
    const role = this.session.role();
    if (!e || !me || !this.session.can('experiments.write')) return false;
    return (
      e.ownerId === me ||
      e.participants.some((p) => p.membershipId === me) ||
      role === 'org_admin' ||
      role === 'team_lead'
    );
  });
  /** Who decides at the result, as the API allows it: the owner or a participant, once the result is recorded. */
  protected readonly canDecide = computed(() => {
    const e = this.experiment();
    const me = this.session.me()?.membershipId;
    if (!e || !me || !e.result || !['running', 'concluded'].includes(e.status)) return false;
    return e.ownerId === me || e.participants.some((p) => p.membershipId === me);
  });
  protected readonly loadError = computed(() => {
    const problem = this.store.error();
    return problem ? problemMessage(problem, { notFound: 'experiment.notFound' }) : null;
  });

  /** The step waiting for its reason (stop), if one was chosen. */
  protected readonly pendingStep = signal<Transition | null>(null);
  protected readonly busy = signal(false);
  protected readonly actionMessage = signal<FormMessage | null>(null);
  protected readonly gaps = signal<readonly string[]>([]);

  protected readonly reasonForm = this.fb.group({
    reason: ['', [Validators.required, Validators.maxLength(2000)]],
  });
  protected readonly checkInForm = this.fb.group({
    progress: ['', [Validators.required, Validators.maxLength(4000)]],
    blockers: ['', Validators.maxLength(4000)],
    confidence: [3, [Validators.required, Validators.min(1), Validators.max(5)]],
  });
  private readonly submitOptions = {
    toProblem: toApiProblem,
    host: this.host.nativeElement,
    context: { conflict: 'experiment.conflict' },
  };
  protected readonly checkInSubmit = new FormSubmit(this.checkInForm, this.submitOptions);
  protected readonly checkInMessage = this.checkInSubmit.message;
  protected readonly resultForm = this.fb.group({
    value: [null as number | null, Validators.required],
    verdict: ['' as string, Validators.required],
    evidence: ['', [Validators.required, Validators.maxLength(4000)]],
    actualHours: [0, [Validators.required, Validators.min(0)]],
    actualSpend: [0, [Validators.required, Validators.min(0)]],
  });
  protected readonly resultSubmit = new FormSubmit(this.resultForm, {
    ...this.submitOptions,
    fields: { actualSpendMinor: 'actualSpend' },
  });
  protected readonly resultMessage = this.resultSubmit.message;
  protected readonly lessonForm = this.fb.group({
    insight: ['', [Validators.required, Validators.maxLength(4000)]],
    recommendation: ['' as string, Validators.required],
    visibility: ['organisation' as string, Validators.required],
    assumptionBefore: ['', Validators.maxLength(1000)],
    assumptionAfter: ['', Validators.maxLength(1000)],
    tags: [''],
  });
  protected readonly lessonSubmit = new FormSubmit(this.lessonForm, this.submitOptions);
  protected readonly lessonMessage = this.lessonSubmit.message;
  protected readonly commentForm = this.fb.group({
    body: ['', [Validators.required, Validators.maxLength(4000)]],
  });
  protected readonly commentSubmit = new FormSubmit(this.commentForm, {
    toProblem: toApiProblem,
    host: this.host.nativeElement,
  });
  protected readonly commentMessage = this.commentSubmit.message;

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => void this.store.load(id));
    });
  }

  protected async take(step: Transition): Promise<void> {
    if (transitionRules[step].reasonRequired && this.pendingStep() !== step) {
      this.pendingStep.set(step);
      this.reasonForm.reset();
      return;
    }
    if (transitionRules[step].reasonRequired && this.reasonForm.invalid) {
      this.reasonForm.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement);
      return;
    }
    await this.run(async () => {
      await this.store.transition(step, this.reasonForm.controls.reason.value.trim() || undefined);
      this.pendingStep.set(null);
    });
  }

  private async run(work: () => Promise<void>): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.actionMessage.set(null);
    this.gaps.set([]);
    try {
      await work();
    } catch (error) {
      const problem = toApiProblem(error);
      const missing = problem.errors.filter((e) => e.rule === 'requiredToPropose').map((e) => e.field);
      if (missing.length > 0) {
        this.gaps.set(missing);
      } else {
        this.actionMessage.set(
          applyProblem(this.reasonForm, problem, {
            conflict: 'experiment.conflict',
            forbidden: 'experiments.forbidden',
          }),
        );
      }
    } finally {
      this.busy.set(false);
    }
  }

  protected async checkIn(): Promise<void> {
    const v = this.checkInForm.getRawValue();
    const done = await this.checkInSubmit.run(() =>
      this.store.addCheckIn({
        progress: v.progress.trim(),
        blockers: v.blockers.trim(),
        confidence: Number(v.confidence),
      }),
    );
    if (done) this.checkInForm.reset();
  }

  /** Records the result and concludes in one step: concluding is what a result is for. */
  protected async conclude(): Promise<void> {
    const v = this.resultForm.getRawValue();
    await this.resultSubmit.run(async () => {
      await this.store.recordResult({
        value: Number(v.value),
        verdict: v.verdict as (typeof verdicts)[number],
        evidence: v.evidence.trim(),
        actualHours: Math.round(Number(v.actualHours)),
        actualSpendMinor: Math.round(Number(v.actualSpend) * 100),
      });
      await this.store.transition('conclude');
    });
  }

  /** Captures the lesson and marks the experiment learned. */
  protected async learn(): Promise<void> {
    const v = this.lessonForm.getRawValue();
    await this.lessonSubmit.run(async () => {
      await this.store.captureLesson({
        insight: v.insight.trim(),
        recommendation: v.recommendation as (typeof recommendations)[number],
        visibility: v.visibility as (typeof lessonVisibilities)[number],
        assumptionBefore: v.assumptionBefore.trim(),
        assumptionAfter: v.assumptionAfter.trim(),
        tags: v.tags
          .split(',')
          .map((tag) => tag.trim())
          .filter(Boolean),
      });
      await this.store.transition('learn');
    });
  }

  protected async comment(): Promise<void> {
    if (await this.commentSubmit.run(() => this.store.addComment(this.commentForm.getRawValue().body.trim())))
      this.commentForm.reset();
  }
}
