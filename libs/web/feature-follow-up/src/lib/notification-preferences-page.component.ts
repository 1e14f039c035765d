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
import {
  FormMessage,
  MessagePipe,
  fieldProblemMessage,
  problemMessage,
  PageHeaderComponent,
} from '@kaizen/web/ui-kit';

const hours = Array.from({ length: 24 }, (_, hour) => hour);

/** My time zone, quiet hours and e-mail choices: the page every reminder mail links to. */
@Component({
  selector: 'kz-notification-preferences-page',
  imports: [
    PageHeaderComponent,
    FormsModule,
    MatButton,
    MatCheckbox,
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
    <section class="kz-page" aria-labelledby="kz-preferences-title">
      <kz-page-header headingId="kz-preferences-title" [heading]="'followUp.preferences.title' | translate">
        <a mat-button routerLink="/notifications">{{ 'followUp.notifications.title' | translate }}</a>
      </kz-page-header>
      @if (store.error(); as problem) {
        <p class="kz-alert" role="alert">{{ problemText(problem) | kzMessage }}</p>
      }
      @if (!draft() && !store.error()) {
        <p role="status">{{ 'common.loading' | translate }}</p>
      } @else {
        @if (draft(); as d) {
          <form
            class="kz-card"
            aria-labelledby="kz-preferences-title"
            (ngSubmit)="save(d)"
            data-testid="preferences"
          >
            <p class="kz-muted">{{ 'followUp.preferences.intro' | translate }}</p>
            <div class="kz-row">
              <mat-form-field appearance="outline">
                <mat-label>{{ 'followUp.preferences.timeZone' | translate }}</mat-label>
                <input
                  matInput
                  name="timeZone"
                  [(ngModel)]="d.timeZone"
                  [placeholder]="'followUp.preferences.timeZoneHint' | translate"
                  data-testid="pref-time-zone"
                />
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
            <mat-checkbox name="emailReminders" [(ngModel)]="d.email.reminders">{{
              'followUp.preferences.emailReminders' | translate
            }}</mat-checkbox>
            <mat-checkbox name="emailReviews" [(ngModel)]="d.email.reviews">{{
              'followUp.preferences.emailReviews' | translate
            }}</mat-checkbox>
            <mat-checkbox name="emailDigest" [(ngModel)]="d.email.digest">{{
              'followUp.preferences.emailDigest' | translate
            }}</mat-checkbox>
            <div class="kz-actions">
              <button mat-flat-button type="submit" data-testid="save-preferences">
                {{ 'common.save' | translate }}
              </button>
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
export class NotificationPreferencesPageComponent implements OnInit {
  protected readonly store = inject(NotificationsStore);
  protected readonly hours = hours;
  protected readonly draft = signal<PreferencesDto | null>(null);
  protected readonly fieldMessage = signal<FormMessage | null>(null);
  protected readonly saved = signal(false);
  protected readonly problemText = problemMessage;

  async ngOnInit(): Promise<void> {
    await this.store.loadPreferences();
    const preferences = this.store.preferences();
    if (preferences) this.draft.set(structuredClone(preferences));
  }

  protected async save(draft: PreferencesDto): Promise<void> {
    this.saved.set(false);
    this.fieldMessage.set(null);
    try {
      await this.store.savePreferences({
        ...draft,
        timeZone: draft.timeZone?.trim() ? draft.timeZone.trim() : null,
      });
      this.saved.set(true);
    } catch (error) {
      const problem = toApiProblem(error);
      this.fieldMessage.set(
        problem.errors[0] ? fieldProblemMessage(problem.errors[0]) : problemMessage(problem),
      );
    }
  }
}
