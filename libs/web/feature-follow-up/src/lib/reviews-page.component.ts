import { ChangeDetectionStrategy, Component, OnInit, computed, inject } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { SessionStore } from '@kaizen/web/data-access-auth';
import { ReviewsStore } from '@kaizen/web/data-access-follow-up';
import { MessagePipe, problemMessage, PageHeaderComponent } from '@kaizen/web/ui-kit';
import { FORMAT_PIPES, TranslatePipe } from '@kaizen/web/util-i18n';

/** The review cycles of my units: open ones first. */
@Component({
  selector: 'kz-reviews-page',
  imports: [PageHeaderComponent, FORMAT_PIPES, MatButton, MessagePipe, RouterLink, TranslatePipe],
  styleUrl: './follow-up.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="kz-page" aria-labelledby="kz-reviews-title">
      <kz-page-header
        headingId="kz-reviews-title"
        [heading]="'followUp.reviews.title' | translate"
        [intro]="'followUp.reviews.intro' | translate"
      >
        @if (session.can('reviews.manage')) {
          <a mat-stroked-button routerLink="/reviews/cadences" data-testid="cadences-link">{{
            'followUp.cadences.title' | translate
          }}</a>
        }
        @if (session.can('webhooks.manage')) {
          <a mat-stroked-button routerLink="/webhooks" data-testid="webhooks-link">{{
            'followUp.webhooks.title' | translate
          }}</a>
        }
      </kz-page-header>
      @if (store.error(); as problem) {
        <p class="kz-alert" role="alert">{{ problemText(problem) | kzMessage }}</p>
      }
      @if (!store.loaded()) {
        <p role="status">{{ 'common.loading' | translate }}</p>
      } @else if (store.reviews().length === 0) {
        <p class="kz-empty">{{ 'followUp.reviews.empty' | translate }}</p>
      } @else {
        @for (group of groups(); track group.status) {
          @if (group.items.length > 0) {
            <h2>{{ 'followUp.reviews.' + group.status | translate }}</h2>
            <ul class="kz-list" [attr.data-testid]="'reviews-' + group.status">
              @for (review of group.items; track review.id) {
                <li class="kz-card">
                  <a [routerLink]="['/reviews', review.id]">{{ review.unitName }}</a>
                  <p class="kz-meta">
                    {{ 'followUp.unitType.' + review.unitType | translate }} ·
                    {{ review.periodStart | kzDate: 'date' }} – {{ review.periodEnd | kzDate: 'date' }} ·
                    {{ 'followUp.reviews.reflections' | kzPlural: review.reflectionCount }}
                  </p>
                </li>
              }
            </ul>
          }
        }
      }
    </section>
  `,
})
export class ReviewsPageComponent implements OnInit {
  protected readonly store = inject(ReviewsStore);
  protected readonly session = inject(SessionStore);
  protected readonly problemText = problemMessage;
  protected readonly groups = computed(() => [
    { status: 'open', items: this.store.reviews().filter((review) => review.status === 'open') },
    { status: 'closed', items: this.store.reviews().filter((review) => review.status === 'closed') },
  ]);

  ngOnInit(): void {
    void this.store.loadReviews();
  }
}
