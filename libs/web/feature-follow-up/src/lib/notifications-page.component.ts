import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import { toApiProblem } from '@kaizen/web/data-access-api';
import type { PreferencesDto } from '@kaizen/web/data-access-api/follow-up';
import { NotificationsStore } from '@kaizen/web/data-access-follow-up';
import { FormMessage, MessagePipe, fieldProblemMessage, problemMessage } from '@kaizen/web/ui-kit';

const hours = Array.from({ length: 24 }, (_, hour) => hour);

/** My notifications and what is coming up for me, with my time zone, quiet hours and e-mail choices. */
@Component({
  selector: 'kz-notifications-page',
  imports: [DatePipe, FormsModule, MatButton, MatCheckbox, MatFormField, MatInput, MatLabel, MessagePipe, RouterLink, TranslatePipe],
  styleUrl: './follow-up.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="kz-page" aria-labelledby="kz-notifications-title">
      <div class="kz-page__head">
        <h1 id="kz-notifications-title">{{ 'followUp.notifications.title' | translate }}</h1>
        @if (store.unread() > 0) {
          <button mat-stroked-button type="button" (click)="store.markAllRead()" data-testid="mark-all-read">
            {{ 'followUp.notifications.markAllRead' | translate }}
          </button>
        }
      </div>
      <p class="kz-muted" data-testid="unread-count">{{ 'followUp.notifications.unread' | translate: { count: store.unread() } }}</p>

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
                  {{ 'followUp.notifications.remindAt' | translate: { when: (reminder.remindAt | date: 'medium') } }}
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
                  <a mat-button [routerLink]="notification.path" (click)="store.markRead(notification)">{{ notification.action }}</a>
                  @if (!notification.readAt) {
                    <button mat-button type="button" (click)="store.markRead(notification)">{{ 'followUp.notifications.markRead' | translate }}</button>
                  }
                  <span class="kz-meta">{{ notification.createdAt | date: 'medium' }}</span>
                </div>
              </li>
            }
          </ul>
          @if (store.nextCursor()) {
            <button mat-stroked-button type="button" (click)="store.more()">{{ 'common.more' | translate }}</button>
          }
        }

        <h2 id="kz-preferences-title">{{ 'followUp.preferences.title' | translate }}</h2>
        @if (draft(); as d) {
          <form class="kz-card" aria-labelledby="kz-preferences-title" (ngSubmit)="save(d)" data-testid="preferences">
            <p class="kz-muted">{{ 'followUp.preferences.intro' | translate }}</p>
            <div class="kz-row">
              <mat-form-field appearance="outline">
                <mat-label>{{ 'followUp.preferences.timeZone' | translate }}</mat-label>
                <input matInput name="timeZone" [(ngModel)]="d.timeZone" [placeholder]="'followUp.preferences.timeZoneHint' | translate" data-testid="pref-time-zone" />
              </mat-form-field>
              <mat-form-field appearance="outline">
                <mat-label>{{ 'followUp.preferences.quietFrom' | translate }}</mat-label>
                <select matNativeControl name="quietStart" [(ngModel)]="d.quietHours.start">
                  @for (hour of hours; track hour) {
                    <option [ngValue]="hour">{{ hour }}:00</option>
                  }
                </select>
              </mat-form-field>
              <mat-form-field appearance="outline">
                <mat-label>{{ 'followUp.preferences.quietUntil' | translate }}</mat-label>
                <select matNativeControl name="quietEnd" [(ngModel)]="d.quietHours.end">
                  @for (hour of hours; track hour) {
                    <option [ngValue]="hour">{{ hour }}:00</option>
                  }
                </select>
              </mat-form-field>
            </div>
            @if (fieldMessage(); as m) {
              <p class="kz-alert" role="alert" data-testid="preferences-error">{{ m | kzMessage }}</p>
            }
            <mat-checkbox name="emailReminders" [(ngModel)]="d.email.reminders">{{ 'followUp.preferences.emailReminders' | translate }}</mat-checkbox>
            <mat-checkbox name="emailReviews" [(ngModel)]="d.email.reviews">{{ 'followUp.preferences.emailReviews' | translate }}</mat-checkbox>
            <mat-checkbox name="emailDigest" [(ngModel)]="d.email.digest">{{ 'followUp.preferences.emailDigest' | translate }}</mat-checkbox>
            <div class="kz-actions">
              <button mat-flat-button type="submit" data-testid="save-preferences">{{ 'common.save' | translate }}</button>
              @if (saved()) {
                <span role="status">{{ 'followUp.preferences.saved' | translate }}</span>
              }
            </div>
          </form>
        }
      }
    </section>
  `,
})
export class NotificationsPageComponent implements OnInit {
  protected readonly store = inject(NotificationsStore);
  protected readonly hours = hours;
  protected readonly draft = signal<PreferencesDto | null>(null);
  protected readonly fieldMessage = signal<FormMessage | null>(null);
  protected readonly saved = signal(false);

  async ngOnInit(): Promise<void> {
    await Promise.all([this.store.load(), this.store.loadPreferences()]);
    const preferences = this.store.preferences();
    if (preferences) this.draft.set(structuredClone(preferences));
  }

  protected problemText = problemMessage;

  protected async save(draft: PreferencesDto): Promise<void> {
    this.saved.set(false);
    this.fieldMessage.set(null);
    try {
      await this.store.savePreferences({ ...draft, timeZone: draft.timeZone?.trim() ? draft.timeZone.trim() : null });
      this.saved.set(true);
    } catch (error) {
      const problem = toApiProblem(error);
      this.fieldMessage.set(problem.errors[0] ? fieldProblemMessage(problem.errors[0]) : problemMessage(problem));
    }
  }
}
