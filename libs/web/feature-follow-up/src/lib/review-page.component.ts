import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  effect,
  inject,
  input,
  untracked,
  viewChild,
} from '@angular/core';
import {
  AbstractControl,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  ValidationErrors,
  Validators,
} from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { toApiProblem } from '@kaizen/web/data-access-api';
import { ReviewsStore } from '@kaizen/web/data-access-follow-up';
import { FieldErrorPipe, FormSubmit, MessagePipe, problemMessage } from '@kaizen/web/ui-kit';
import { FORMAT_PIPES, TranslatePipe } from '@kaizen/web/util-i18n';

/**
 * One review: what awaits reflection, the lessons of the period, the unit's programmes and how they moved, inner
 * reviews, reflections, and closing.
 */
@Component({
  selector: 'kz-review-page',
  imports: [
    FORMAT_PIPES,
    FieldErrorPipe,
    MatButton,
    MatError,
    MatFormField,
    MatInput,
    MatLabel,
    MessagePipe,
    ReactiveFormsModule,
    RouterLink,
    TranslatePipe,
  ],
  styleUrl: './follow-up.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="kz-page" aria-labelledby="kz-review-title">
      @if (store.error(); as problem) {
        <p class="kz-alert" role="alert">
          {{ problemText(problem, { notFound: 'followUp.reviews.notFound' }) | kzMessage }}
        </p>
      }
      @if (store.review(); as review) {
        <div class="kz-page__head">
          <h1 id="kz-review-title">
            {{ 'followUp.reviews.reviewOf' | translate: { unit: review.unitName } }}
          </h1>
          <span class="kz-meta" data-testid="review-status">{{
            'followUp.reviews.status.' + review.status | translate
          }}</span>
        </div>
        <p class="kz-muted">
          {{ 'followUp.unitType.' + review.unitType | translate }} ·
          {{ review.periodStart | kzDate: 'date' }} – {{ review.periodEnd | kzDate: 'date' }}
        </p>

        <h2>{{ 'followUp.reviews.awaiting' | translate }}</h2>
        @if (review.awaitingReflection.length === 0) {
          <p class="kz-empty">{{ 'followUp.reviews.nothingAwaiting' | translate }}</p>
        } @else {
          <ul class="kz-list" data-testid="awaiting">
            @for (experiment of review.awaitingReflection; track experiment.id) {
              <li class="kz-card">
                <a [routerLink]="['/experiments', experiment.id]">{{ experiment.title }}</a>
                <p class="kz-meta">
                  {{ experiment.teamName }} · {{ 'status.' + experiment.status | translate }}
                  @if (experiment.verdict) {
                    · {{ 'verdict.' + experiment.verdict | translate }}
                  }
                </p>
              </li>
            }
          </ul>
        }

        <h2>{{ 'followUp.reviews.lessons' | translate }}</h2>
        @if (review.lessons.length === 0) {
          <p class="kz-empty">{{ 'followUp.reviews.noLessons' | translate }}</p>
        } @else {
          <ul class="kz-list" data-testid="review-lessons">
            @for (lesson of review.lessons; track lesson.id) {
              <li class="kz-card">
                <p>{{ lesson.insight }}</p>
                <p class="kz-meta">
                  {{ lesson.teamName }} · {{ 'recommendation.' + lesson.recommendation | translate }}
                </p>
              </li>
            }
          </ul>
        }

        <h2>{{ 'followUp.reviews.programmes.title' | translate }}</h2>
        @if (review.programmes.length === 0) {
          <p class="kz-empty">{{ 'followUp.reviews.programmes.none' | translate }}</p>
        } @else {
          <ul class="kz-list" data-testid="review-programmes">
            @for (p of review.programmes; track p.id) {
              <li class="kz-card" [attr.data-testid]="'review-programme-' + p.id">
                <h3>
                  <a [routerLink]="['/programmes', p.id]">{{ p.title }}</a>
                </h3>
                <p class="kz-meta">
                  {{ p.unitName ?? ('programmes.organisation' | translate) }} · {{ p.ownerName }}
                </p>
                @if (p.aim) {
                  <p>{{ p.aim }}</p>
                }
                <p data-testid="programme-score">
                  {{
                    'followUp.reviews.programmes.score'
                      | translate
                        : {
                            score: (p.score | kzNumber: 1),
                            band: ('programmes.bands.' + p.band | translate),
                          }
                  }}
                  @if (p.overridden) {
                    ({{ 'programmes.override.shown' | translate }})
                  }
                </p>
                <p class="kz-meta" data-testid="programme-score-change">
                  @if (p.scoreAtEnd !== p.scoreAtStart) {
                    {{
                      'followUp.reviews.programmes.moved'
                        | translate
                          : { from: (p.scoreAtStart | kzNumber: 1), to: (p.scoreAtEnd | kzNumber: 1) }
                    }}
                  } @else {
                    {{ 'followUp.reviews.programmes.unchanged' | translate }}
                  }
                </p>
                @if (p.stalled) {
                  <p class="kz-notice">{{ 'programmes.stalled' | translate }}</p>
                }
                @if (p.tests.length > 0) {
                  <h4>{{ 'followUp.reviews.programmes.tests' | translate }}</h4>
                  <ul class="kz-plain" data-testid="programme-tests">
                    @for (t of p.tests; track t.experimentId) {
                      <li>
                        <a [routerLink]="['/experiments', t.experimentId]">{{ t.title }}</a>
                        · {{ t.changeIdea }} · {{ t.teamName }} · {{ 'status.' + t.status | translate }}
                      </li>
                    }
                  </ul>
                }
                @if (p.stalledChangeIdeas.length > 0) {
                  <h4>{{ 'followUp.reviews.programmes.stalledIdeas' | translate }}</h4>
                  <ul class="kz-plain" data-testid="programme-stalled-ideas">
                    @for (idea of p.stalledChangeIdeas; track idea.id) {
                      <li>{{ idea.title }}</li>
                    }
                  </ul>
                }
              </li>
            }
          </ul>
        }

        @if (review.unitType !== 'team' && review.unitType !== 'programme') {
          <h2>{{ 'followUp.reviews.inner' | translate }}</h2>
          @if (review.innerReviews.length === 0) {
            <p class="kz-empty">{{ 'followUp.reviews.noInner' | translate }}</p>
          } @else {
            <ul class="kz-list" data-testid="inner-reviews">
              @for (inner of review.innerReviews; track inner.id) {
                <li class="kz-card">
                  <h3>{{ inner.unitName }}</h3>
                  <ul class="kz-plain">
                    @for (takeaway of inner.takeaways; track $index) {
                      <li>{{ takeaway }}</li>
                    }
                  </ul>
                </li>
              }
            </ul>
          }
        }

        <h2>{{ 'followUp.reviews.reflectionsTitle' | translate }}</h2>
        @if (review.reflections.length === 0) {
          <p class="kz-empty">{{ 'followUp.reviews.noReflections' | translate }}</p>
        } @else {
          <ul class="kz-list" data-testid="reflections">
            @for (reflection of review.reflections; track reflection.id) {
              <li class="kz-card">
                <p>{{ reflection.body }}</p>
                <p class="kz-meta">{{ reflection.authorName }} · {{ reflection.createdAt | kzDate }}</p>
              </li>
            }
          </ul>
        }

        @if (review.status === 'open') {
          <form
            #reflectHost
            class="kz-card"
            [formGroup]="reflectForm"
            (ngSubmit)="reflect(review.id)"
            novalidate
            aria-labelledby="kz-reflect-title"
          >
            <h3 id="kz-reflect-title">{{ 'followUp.reviews.addReflection' | translate }}</h3>
            <mat-form-field appearance="outline" class="kz-full">
              <mat-label>{{ 'followUp.reviews.reflection' | translate }}</mat-label>
              <textarea
                matInput
                formControlName="body"
                rows="3"
                required
                data-testid="reflection-body"
              ></textarea>
              <mat-error>{{ reflectForm.controls.body | kzFieldError }}</mat-error>
            </mat-form-field>
            <mat-form-field appearance="outline">
              <mat-label>{{ 'followUp.reviews.about' | translate }}</mat-label>
              <select matNativeControl formControlName="experimentId" data-testid="reflection-experiment">
                <option [ngValue]="null">{{ 'followUp.reviews.aboutNothing' | translate }}</option>
                @for (experiment of review.awaitingReflection; track experiment.id) {
                  <option [ngValue]="experiment.id">{{ experiment.title }}</option>
                }
              </select>
              <mat-error>{{ reflectForm.controls.experimentId | kzFieldError }}</mat-error>
            </mat-form-field>
            @if (reflectSubmit.message(); as m) {
              <p class="kz-alert" role="alert">{{ m | kzMessage }}</p>
            }
            <div class="kz-actions">
              <button
                mat-flat-button
                type="submit"
                [disabled]="reflectSubmit.pending()"
                [attr.aria-busy]="reflectSubmit.pending()"
                data-testid="add-reflection"
              >
                {{ 'followUp.reviews.addReflection' | translate }}
              </button>
            </div>
          </form>

          @if (review.canClose) {
            <form
              #closeHost
              class="kz-card"
              [formGroup]="closeForm"
              (ngSubmit)="close(review.id)"
              novalidate
              aria-labelledby="kz-close-title"
            >
              <h3 id="kz-close-title">{{ 'followUp.reviews.closeTitle' | translate }}</h3>
              <p class="kz-muted">{{ 'followUp.reviews.closeIntro' | translate }}</p>
              <mat-form-field appearance="outline" class="kz-full">
                <mat-label>{{ 'followUp.reviews.takeaways' | translate }}</mat-label>
                <textarea matInput formControlName="takeaways" rows="4" data-testid="takeaways"></textarea>
                <mat-error>{{ closeForm.controls.takeaways | kzFieldError }}</mat-error>
              </mat-form-field>
              @if (closeSubmit.message(); as m) {
                <p class="kz-alert" role="alert">{{ m | kzMessage }}</p>
              }
              <div class="kz-actions">
                <button
                  mat-flat-button
                  type="submit"
                  [disabled]="closeSubmit.pending()"
                  [attr.aria-busy]="closeSubmit.pending()"
                  data-testid="close-review"
                >
                  {{ 'followUp.reviews.close' | translate }}
                </button>
              </div>
            </form>
          }
        } @else {
          <h2>{{ 'followUp.reviews.closedWith' | translate }}</h2>
          <ul class="kz-plain" data-testid="takeaways-list">
            @for (takeaway of review.takeaways; track $index) {
              <li>{{ takeaway }}</li>
            }
          </ul>
          <p class="kz-meta">
            {{
              'followUp.reviews.closedBy'
                | translate: { name: review.closedByName, when: (review.closedAt | kzDate) }
            }}
          </p>
        }
      } @else if (!store.error()) {
        <p role="status">{{ 'common.loading' | translate }}</p>
      }
    </section>
  `,
})
export class ReviewPageComponent {
  readonly id = input.required<string>();
  protected readonly store = inject(ReviewsStore);
  private readonly fb = inject(NonNullableFormBuilder);
  // Each form's element, where focus goes after a refused submit: the page holds two forms.
  private readonly reflectHost = viewChild<ElementRef<HTMLElement>>('reflectHost');
  private readonly closeHost = viewChild<ElementRef<HTMLElement>>('closeHost');
  protected readonly problemText = problemMessage;
  protected readonly reflectForm = this.fb.group({
    body: ['', [Validators.required, Validators.maxLength(4_000)]],
    experimentId: this.fb.control<string | null>(null),
  });
  protected readonly reflectSubmit = new FormSubmit(this.reflectForm, {
    toProblem: toApiProblem,
    host: () => this.reflectHost()?.nativeElement,
  });
  protected readonly closeForm = this.fb.group({ takeaways: ['', takeawaysGiven] });
  protected readonly closeSubmit = new FormSubmit(this.closeForm, {
    toProblem: toApiProblem,
    host: () => this.closeHost()?.nativeElement,
    context: { forbidden: 'followUp.reviews.closeForbidden', conflict: 'followUp.reviews.closeConflict' },
  });

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => void this.store.loadReview(id));
    });
  }

  protected async reflect(id: string): Promise<void> {
    const { body, experimentId } = this.reflectForm.getRawValue();
    const done = await this.reflectSubmit.run(() => this.store.reflect(id, body.trim(), experimentId));
    if (done) this.reflectForm.reset();
  }

  protected close(id: string): Promise<boolean> {
    return this.closeSubmit.run(() =>
      this.store.close(id, takeawayLines(this.closeForm.getRawValue().takeaways)),
    );
  }
}

/** One takeaway per line; empty lines are not takeaways. */
function takeawayLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

/** A review closes with at least one takeaway. */
function takeawaysGiven(control: AbstractControl<string>): ValidationErrors | null {
  return takeawayLines(control.value).length > 0
    ? null
    : { message: { key: 'followUp.reviews.takeawaysRequired' } };
}
