import { ChangeDetectionStrategy, Component, OnInit, inject } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { NotificationsStore } from '@kaizen/web/data-access-follow-up';
import { MessagePipe, problemMessage, PageHeaderComponent } from '@kaizen/web/ui-kit';
import { FORMAT_PIPES, TranslatePipe } from '@kaizen/web/util-i18n';

/** My notifications and what is coming up for me; my time zone, quiet hours and e-mail choices have a page of their own. */
@Component({
  selector: 'kz-notifications-page',
  imports: [PageHeaderComponent, FORMAT_PIPES, MatButton, MessagePipe, RouterLink, TranslatePipe],
  styleUrl: './follow-up.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="kz-page" aria-labelledby="kz-notifications-title">
      <kz-page-header
        headingId="kz-notifications-title"
        [heading]="'followUp.notifications.title' | translate"
      >
        @if (store.unread() > 0) {
          <button mat-stroked-button type="button" (click)="store.markAllRead()" data-testid="mark-all-read">
            {{ 'followUp.notifications.markAllRead' | translate }}
          </button>
        }
      </kz-page-header>
      <p class="kz-muted" data-testid="unread-count">
        {{ 'followUp.notifications.unread' | translate: { count: store.unread() } }}
      </p>

      @if (store.error(); as problem) {
        <p class="kz-alert" role="alert">{{ problemText(problem) | kzMessage }}</p>
      }
      @if (!store.loaded()) {
        <p role="status">{{ 'common.loading' | translate }}</p>
      } @else {
        <h2>{{ 'followUp.notifications.upcoming' | translate }}</h2>
        @if (store.upcoming().length === 0) {
          <p class="kz-empty">{{ 'followUp.notifications.nothingUpcoming' | translate }}</p>
        } @else {
          <ul class="kz-list" data-testid="upcoming">
            @for (reminder of store.upcoming(); track reminder.id) {
              <li class="kz-card">
                <a [routerLink]="['/experiments', reminder.experimentId]">{{ reminder.experimentTitle }}</a>
                <p class="kz-meta">
                  {{ 'followUp.reminderKind.' + reminder.kind | translate }} ·
                  {{ 'followUp.notifications.remindAt' | translate: { when: (reminder.remindAt | kzDate) } }}
                </p>
              </li>
            }
          </ul>
        }

        <h2>{{ 'followUp.notifications.inbox' | translate }}</h2>
        @if (store.items().length === 0) {
          <p class="kz-empty">{{ 'followUp.notifications.empty' | translate }}</p>
        } @else {
          <ul class="kz-list" data-testid="notifications">
            @for (notification of store.items(); track notification.id) {
              <li class="kz-card" [class.kz-unread]="!notification.readAt">
                <h3>{{ notification.title }}</h3>
                @for (line of notification.body; track $index) {
                  <p>{{ line }}</p>
                }
                <div class="kz-inline">
                  <a mat-button [routerLink]="notification.path" (click)="store.markRead(notification)">{{
                    notification.action
                  }}</a>
                  @if (!notification.readAt) {
                    <button mat-button type="button" (click)="store.markRead(notification)">
                      {{ 'followUp.notifications.markRead' | translate }}
                    </button>
                  }
                  <span class="kz-meta">{{ notification.createdAt | kzDate }}</span>
                </div>
              </li>
            }
          </ul>
          @if (store.nextCursor()) {
            <button mat-stroked-button type="button" (click)="store.more()">
              {{ 'common.more' | translate }}
            </button>
          }
        }

        <p>
          <a mat-stroked-button routerLink="/notifications/preferences" data-testid="open-preferences">{{
            'followUp.preferences.title' | translate
          }}</a>
        </p>
      }
    </section>
  `,
})
export class NotificationsPageComponent implements OnInit {
  protected readonly store = inject(NotificationsStore);

  ngOnInit(): void {
    void this.store.load();
  }

  protected problemText = problemMessage;
}
