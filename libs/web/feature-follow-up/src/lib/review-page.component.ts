import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import { toApiProblem } from '@kaizen/web/data-access-api';
import { ReviewsStore } from '@kaizen/web/data-access-follow-up';
import { FormMessage, MessagePipe, fieldProblemMessage, problemMessage } from '@kaizen/web/ui-kit';
import { FORMAT_PIPES } from '@kaizen/web/util-i18n';

/**
 * One review: what awaits reflection, the lessons of the period, the unit's programmes and how they moved, inner
 * reviews, reflections, and closing.
 */
@Component({
  selector: 'kz-review-page',
  imports: [
    FORMAT_PIPES,
    FormsModule,
    MatButton,
    MatFormField,
    MatInput,
    MatLabel,
    MessagePipe,
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
          <form class="kz-card" (ngSubmit)="reflect(review.id)" aria-labelledby="kz-reflect-title">
            <h3 id="kz-reflect-title">{{ 'followUp.reviews.addReflection' | translate }}</h3>
            <mat-form-field appearance="outline" class="kz-full">
              <mat-label>{{ 'followUp.reviews.reflection' | translate }}</mat-label>
              <textarea
                matInput
                name="reflection"
                rows="3"
                [(ngModel)]="reflection"
                required
                data-testid="reflection-body"
              ></textarea>
            </mat-form-field>
            <mat-form-field appearance="outline">
              <mat-label>{{ 'followUp.reviews.about' | translate }}</mat-label>
              <select matNativeControl name="experiment" [(ngModel)]="experimentId">
                <option [ngValue]="null">{{ 'followUp.reviews.aboutNothing' | translate }}</option>
                @for (experiment of review.awaitingReflection; track experiment.id) {
                  <option [ngValue]="experiment.id">{{ experiment.title }}</option>
                }
              </select>
            </mat-form-field>
            @if (reflectMessage(); as m) {
              <p class="kz-alert" role="alert">{{ m | kzMessage }}</p>
            }
            <div class="kz-actions">
              <button
                mat-flat-button
                type="submit"
                [disabled]="!reflection.trim()"
                data-testid="add-reflection"
              >
                {{ 'followUp.reviews.addReflection' | translate }}
              </button>
            </div>
          </form>

          @if (review.canClose) {
            <form class="kz-card" (ngSubmit)="close(review.id)" aria-labelledby="kz-close-title">
              <h3 id="kz-close-title">{{ 'followUp.reviews.closeTitle' | translate }}</h3>
              <p class="kz-muted">{{ 'followUp.reviews.closeIntro' | translate }}</p>
              <mat-form-field appearance="outline" class="kz-full">
                <mat-label>{{ 'followUp.reviews.takeaways' | translate }}</mat-label>
                <textarea
                  matInput
                  name="takeaways"
                  rows="4"
                  [(ngModel)]="takeaways"
                  data-testid="takeaways"
                ></textarea>
              </mat-form-field>
              @if (closeMessage(); as m) {
                <p class="kz-alert" role="alert">{{ m | kzMessage }}</p>
              }
              <div class="kz-actions">
                <button mat-flat-button type="submit" data-testid="close-review">
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
  protected readonly problemText = problemMessage;
  protected reflection = '';
  protected experimentId: string | null = null;
  protected takeaways = '';
  protected readonly reflectMessage = signal<FormMessage | null>(null);
  protected readonly closeMessage = signal<FormMessage | null>(null);

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => void this.store.loadReview(id));
    });
  }

  protected async reflect(id: string): Promise<void> {
    this.reflectMessage.set(null);
    try {
      await this.store.reflect(id, this.reflection.trim(), this.experimentId);
      this.reflection = '';
      this.experimentId = null;
    } catch (error) {
      const problem = toApiProblem(error);
      this.reflectMessage.set(
        problem.errors[0] ? fieldProblemMessage(problem.errors[0]) : problemMessage(problem),
      );
    }
  }

  protected async close(id: string): Promise<void> {
    this.closeMessage.set(null);
    const takeaways = this.takeaways
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    if (takeaways.length === 0) {
      this.closeMessage.set({ key: 'followUp.reviews.takeawaysRequired' });
      return;
    }
    try {
      await this.store.close(id, takeaways);
    } catch (error) {
      this.closeMessage.set(
        problemMessage(toApiProblem(error), {
          forbidden: 'followUp.reviews.closeForbidden',
          conflict: 'followUp.reviews.closeConflict',
        }),
      );
    }
  }
}
