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
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { toApiProblem } from '@kaizen/web/data-access-api';
import { DecisionStore } from '@kaizen/web/data-access-measures';
import { FieldErrorPipe, FormSubmit, MessagePipe, problemMessage } from '@kaizen/web/ui-kit';
import {
  DecisionRuleComponent,
  DecisionRuleFieldsComponent,
  decisionRuleBody,
  decisionRuleForm,
  decisionRuleValue,
} from '@kaizen/web/ui-measures';
import { FORMAT_PIPES, TranslatePipe } from '@kaizen/web/util-i18n';

const decisions = ['adopt', 'adapt', 'abandon'] as const;

/**
 * The experiment's proof: the prediction and decision rule (stated while the plan is open, frozen once approved), and
 * at the result what the data propose with their reason, followed or decided otherwise with a written reason.
 */
@Component({
  selector: 'kz-experiment-decision-section',
  imports: [
    DecisionRuleComponent,
    DecisionRuleFieldsComponent,
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
    TranslatePipe,
  ],
  providers: [DecisionStore],
  template: `
    <section class="kz-card" aria-labelledby="kz-decision-title" data-testid="experiment-decision">
      <h2 id="kz-decision-title">{{ 'decisions.title' | translate }}</h2>
      @if (loadError(); as error) {
        <p class="kz-alert" role="alert">{{ error | kzMessage }}</p>
      }
      @if (store.decision(); as d) {
        <kz-decision-rule [view]="{ state: d.ruleState, prediction: d.prediction, rule: d.rule }" />

        @if (canStateRule() && d.ruleState !== 'approved') {
          @if (!editingRule()) {
            <div class="kz-actions">
              <button mat-stroked-button type="button" (click)="editRule()" data-testid="rule-edit">
                {{ (d.rule ? 'decisions.form.edit' : 'decisions.form.state') | translate }}
              </button>
            </div>
          } @else {
            <form [formGroup]="ruleForm" (ngSubmit)="saveRule()" novalidate data-testid="rule-form">
              <kz-decision-rule-fields [form]="ruleForm" />
              @if (ruleSubmit.message(); as m) {
                <p class="kz-alert" role="alert" data-testid="rule-error">{{ m | kzMessage }}</p>
              }
              <div class="kz-actions">
                <button
                  mat-flat-button
                  type="submit"
                  [disabled]="ruleSubmit.pending()"
                  data-testid="rule-save"
                >
                  {{ 'decisions.form.save' | translate }}
                </button>
                <button mat-button type="button" (click)="editingRule.set(false)">
                  {{ 'common.cancel' | translate }}
                </button>
              </div>
            </form>
          }
        }

        @if (d.proposed; as p) {
          <div class="kz-decision-proposed" data-testid="decision-proposed" role="status">
            <h3>{{ 'decisions.proposed.title' | translate }}</h3>
            @if (p.decision) {
              <p>
                <strong data-testid="decision-proposed-decision">{{
                  p.wording || ('recommendation.' + p.decision | translate)
                }}</strong>
              </p>
            }
            <p data-testid="decision-proposed-reason">
              {{
                'decisions.reason.' + p.reason.code
                  | translate
                    : {
                        rule: p.reason.signal ? ('measures.rules.' + p.reason.signal.rule | translate) : '',
                        period: p.reason.signal ? (p.reason.signal.detectedAt | kzDay) : '',
                        effect: p.reason.effect === null ? '' : (p.reason.effect | kzNumber),
                        predicted: p.reason.predicted ?? '',
                        observed: p.reason.periodsObserved ?? '',
                        needed: p.reason.periodsNeeded ?? '',
                      }
              }}
            </p>
          </div>
        }

        @if (d.decided; as decided) {
          <p data-testid="decision-decided">
            {{
              'decisions.decided'
                | translate
                  : {
                      decision: ('recommendation.' + decided.decision | translate),
                      name: decided.decidedByName,
                    }
            }}
            @if (decided.reason) {
              — “{{ decided.reason }}”
            }
          </p>
          <p [attr.data-testid]="'decision-review-' + decided.review.status">
            {{
              'decisions.review.' + decided.review.status
                | translate: { name: decided.review.reviewedByName ?? '' }
            }}
          </p>
        }

        @if (canDecide() && d.proposed) {
          <form [formGroup]="decideForm" (ngSubmit)="decide()" novalidate data-testid="decide-form">
            @if (d.proposed.decision) {
              <div class="kz-actions">
                <button
                  mat-flat-button
                  type="button"
                  [disabled]="decideSubmit.pending()"
                  (click)="follow(d.proposed.decision)"
                  data-testid="decide-follow"
                >
                  {{
                    'decisions.follow'
                      | translate: { decision: ('recommendation.' + d.proposed.decision | translate) }
                  }}
                </button>
              </div>
            }
            <fieldset class="kz-fieldset">
              <legend>{{ 'decisions.otherwise.title' | translate }}</legend>
              <mat-form-field appearance="outline">
                <mat-label>{{ 'decisions.otherwise.decision' | translate }}</mat-label>
                <select matNativeControl formControlName="decision" data-testid="decide-decision">
                  @for (option of decisionOptions; track option) {
                    <option [value]="option">{{ 'recommendation.' + option | translate }}</option>
                  }
                </select>
              </mat-form-field>
              <mat-form-field appearance="outline" class="kz-full">
                <mat-label>{{ 'decisions.otherwise.reason' | translate }}</mat-label>
                <textarea matInput rows="3" formControlName="reason" data-testid="decide-reason"></textarea>
                <mat-hint>{{ 'decisions.otherwise.hint' | translate }}</mat-hint>
                <mat-error data-testid="decide-reason-error">{{
                  decideForm.controls.reason | kzFieldError
                }}</mat-error>
              </mat-form-field>
              <div class="kz-actions">
                <button
                  mat-stroked-button
                  type="submit"
                  [disabled]="decideSubmit.pending()"
                  data-testid="decide-otherwise"
                >
                  {{ 'decisions.otherwise.submit' | translate }}
                </button>
              </div>
            </fieldset>
            @if (decideSubmit.message(); as m) {
              <p class="kz-alert" role="alert" data-testid="decide-error">{{ m | kzMessage }}</p>
            }
          </form>
        }
      } @else if (!store.state.loaded()) {
        <p role="status">{{ 'common.loading' | translate }}</p>
      }
    </section>
  `,
  styleUrl: './experiment-decision-section.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ExperimentDecisionSectionComponent {
  readonly experimentId = input.required<string>();
  /** Changes when the experiment moves (approved, result recorded): the section reads the decision again. */
  readonly version = input(0);
  /** May state the rule: an editor while the plan is open (the API decides in the end). */
  readonly canStateRule = input(false);
  /** May decide: the owner or a participant once the result is recorded. */
  readonly canDecide = input(false);

  protected readonly store = inject(DecisionStore);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  protected readonly decisionOptions = decisions;

  protected readonly editingRule = signal(false);
  protected readonly ruleForm = decisionRuleForm(this.fb);
  protected readonly ruleSubmit = new FormSubmit(this.ruleForm, {
    toProblem: toApiProblem,
    host: this.host.nativeElement,
  });
  protected readonly decideForm = this.fb.group({
    decision: this.fb.control<(typeof decisions)[number]>('adopt'),
    reason: this.fb.control('', [Validators.maxLength(4000)]),
  });
  protected readonly decideSubmit = new FormSubmit(this.decideForm, {
    toProblem: toApiProblem,
    host: this.host.nativeElement,
  });
  protected readonly loadError = computed(() => {
    const problem = this.store.state.error();
    return problem ? problemMessage(problem) : null;
  });

  constructor() {
    effect(() => {
      const id = this.experimentId();
      this.version();
      untracked(() => void this.store.load(id));
    });
  }

  protected editRule(): void {
    this.ruleForm.reset(decisionRuleValue(this.store.decision()));
    this.editingRule.set(true);
  }

  protected async saveRule(): Promise<void> {
    const done = await this.ruleSubmit.run(() => this.store.setRule(decisionRuleBody(this.ruleForm)));
    if (done) this.editingRule.set(false);
  }

  /** Following the rule needs no reason: the one "decide otherwise" may have asked for is dropped. */
  protected async follow(decision: string): Promise<void> {
    const reason = this.decideForm.controls.reason;
    reason.setValidators([Validators.maxLength(4000)]);
    reason.updateValueAndValidity();
    await this.decideSubmit.run(() =>
      this.store.decide({ decision: decision as (typeof decisions)[number] }),
    );
  }

  /** Deciding otherwise: the reason is required (the API says so too, naming `reason`). */
  protected async decide(): Promise<void> {
    const reason = this.decideForm.controls.reason;
    reason.setValidators([Validators.required, Validators.maxLength(4000)]);
    reason.updateValueAndValidity();
    const v = this.decideForm.getRawValue();
    const done = await this.decideSubmit.run(() =>
      this.store.decide({ decision: v.decision, reason: v.reason.trim() }),
    );
    if (done) this.decideForm.reset({ decision: v.decision, reason: '' });
  }
}
