import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  OnInit,
  computed,
  inject,
  signal,
} from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { toApiProblem } from '@kaizen/web/data-access-api';
import type { DecisionReviewItemDto } from '@kaizen/web/data-access-api/measures';
import { DecisionReviewsStore, type ReviewOutcome } from '@kaizen/web/data-access-measures';
import { FieldErrorPipe, FormSubmit, MessagePipe, problemMessage } from '@kaizen/web/ui-kit';
import { FORMAT_PIPES, TranslatePipe } from '@kaizen/web/util-i18n';

interface ReviewEntry {
  readonly form: FormGroup<{ comment: FormControl<string> }>;
  readonly submit: FormSubmit;
}

/**
 * The second review: a team decided otherwise than its approved rule, with a reason. Until the approver upholds it,
 * the lesson does not count as a validated improvement.
 */
@Component({
  selector: 'kz-decision-reviews',
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
  providers: [DecisionReviewsStore],
  template: `
    @if (loadError(); as error) {
      <p class="kz-alert" role="alert">{{ error | kzMessage }}</p>
    }
    @if (reviewed(); as r) {
      <p class="kz-notice" role="status" data-testid="review-done">
        {{ 'decisions.reviews.done.' + r.outcome | translate: { title: r.title } }}
      </p>
    }
    @if (store.items().length > 0) {
      <section aria-labelledby="kz-reviews-title" data-testid="decision-reviews">
        <h2 id="kz-reviews-title">{{ 'decisions.reviews.title' | translate }}</h2>
        <p class="kz-muted">{{ 'decisions.reviews.intro' | translate }}</p>
        <ul class="kz-list">
          @for (item of store.items(); track item.experimentId) {
            @let entry = entryFor(item);
            <li class="kz-card" [attr.data-testid]="'review-' + item.experimentId">
              <h3>
                <a [routerLink]="['/experiments', item.experimentId]">{{ item.experimentTitle }}</a>
              </h3>
              <p class="kz-meta">
                <span>{{ item.teamName }}</span>
                <span>{{ item.decidedByName }}</span>
                <span>{{ item.decidedAt | kzDate: 'date' }}</span>
              </p>
              <p data-testid="review-summary">
                {{
                  'decisions.reviews.summary'
                    | translate
                      : {
                          decision: ('recommendation.' + item.decision | translate),
                          proposed: item.proposedDecision
                            ? ('recommendation.' + item.proposedDecision | translate)
                            : ('decisions.reviews.waiting' | translate),
                        }
                }}
              </p>
              <blockquote data-testid="review-reason">{{ item.reason }}</blockquote>
              <form [formGroup]="entry.form" (ngSubmit)="review(item, 'upheld')" novalidate>
                <mat-form-field appearance="outline" subscriptSizing="dynamic" class="kz-full">
                  <mat-label>{{ 'decisions.reviews.comment' | translate }}</mat-label>
                  <textarea
                    matInput
                    rows="2"
                    formControlName="comment"
                    data-testid="review-comment"
                  ></textarea>
                  <mat-error>{{ entry.form.controls.comment | kzFieldError }}</mat-error>
                </mat-form-field>
                @if (entry.submit.message(); as m) {
                  <p class="kz-alert" role="alert">{{ m | kzMessage }}</p>
                }
                <div
                  class="kz-actions"
                  role="group"
                  [attr.aria-label]="'decisions.reviews.title' | translate"
                >
                  <button
                    mat-flat-button
                    type="submit"
                    [disabled]="entry.submit.pending()"
                    data-testid="review-uphold"
                  >
                    {{ 'decisions.reviews.uphold' | translate }}
                  </button>
                  <button
                    mat-stroked-button
                    type="button"
                    [disabled]="entry.submit.pending()"
                    (click)="review(item, 'overturned')"
                    data-testid="review-overturn"
                  >
                    {{ 'decisions.reviews.overturn' | translate }}
                  </button>
                </div>
              </form>
            </li>
          }
        </ul>
      </section>
    }
  `,
  styles: `
    @use '../../../ui-kit/src/lib/page' as page;
    @include page.base;

    .kz-full {
      width: 100%;
    }
    blockquote {
      margin: 0.5rem 0;
      padding-left: 0.75rem;
      border-left: 3px solid currentColor;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DecisionReviewsComponent implements OnInit {
  protected readonly store = inject(DecisionReviewsStore);
  private readonly host: HTMLElement = inject(ElementRef).nativeElement;
  private readonly entries = new Map<string, ReviewEntry>();
  protected readonly reviewed = signal<{ title: string; outcome: ReviewOutcome } | null>(null);
  protected readonly loadError = computed(() => {
    const problem = this.store.state.error();
    return problem ? problemMessage(problem) : null;
  });

  ngOnInit(): void {
    void this.store.load();
  }

  protected entryFor(item: DecisionReviewItemDto): ReviewEntry {
    let entry = this.entries.get(item.experimentId);
    if (!entry) {
      const form = new FormGroup({
        comment: new FormControl('', { nonNullable: true, validators: Validators.maxLength(4000) }),
      });
      entry = { form, submit: new FormSubmit(form, { toProblem: toApiProblem, host: this.host }) };
      this.entries.set(item.experimentId, entry);
    }
    return entry;
  }

  protected async review(item: DecisionReviewItemDto, outcome: ReviewOutcome): Promise<void> {
    const { form, submit } = this.entryFor(item);
    const done = await submit.run(() => this.store.review(item, outcome, form.controls.comment.value.trim()));
    if (done) {
      this.reviewed.set({ title: item.experimentTitle, outcome });
      this.entries.delete(item.experimentId);
    }
  }
}
