import { ChangeDetectionStrategy, Component, ElementRef, OnInit, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { TranslatePipe } from '@kaizen/web/util-i18n';
import { toApiProblem } from '@kaizen/web/data-access-api';
import { NotificationsStore } from '@kaizen/web/data-access-follow-up';
import {
  FieldErrorPipe,
  FormSubmit,
  MessagePipe,
  problemMessage,
  PageHeaderComponent,
} from '@kaizen/web/ui-kit';

const hours = Array.from({ length: 24 }, (_, hour) => hour);

/** My time zone, quiet hours and e-mail choices: the page every reminder mail links to. */
@Component({
  selector: 'kz-notification-preferences-page',
  imports: [
    PageHeaderComponent,
    FieldErrorPipe,
    MatButton,
    MatCheckbox,
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
    <section class="kz-page" aria-labelledby="kz-preferences-title">
      <kz-page-header headingId="kz-preferences-title" [heading]="'followUp.preferences.title' | translate">
        <a mat-button routerLink="/notifications">{{ 'followUp.notifications.title' | translate }}</a>
      </kz-page-header>
      @if (store.error(); as problem) {
        <p class="kz-alert" role="alert">{{ problemText(problem) | kzMessage }}</p>
      }
      @if (!store.preferences() && !store.error()) {
        <p role="status">{{ 'common.loading' | translate }}</p>
      } @else if (store.preferences()) {
        <form
          class="kz-card"
          aria-labelledby="kz-preferences-title"
          [formGroup]="form"
          (ngSubmit)="save()"
          novalidate
          data-testid="preferences"
        >
          <p class="kz-muted">{{ 'followUp.preferences.intro' | translate }}</p>
          <div class="kz-row">
            <mat-form-field appearance="outline">
              <mat-label>{{ 'followUp.preferences.timeZone' | translate }}</mat-label>
              <input
                matInput
                formControlName="timeZone"
                [placeholder]="'followUp.preferences.timeZoneHint' | translate"
                data-testid="pref-time-zone"
              />
              <mat-error>{{ form.controls.timeZone | kzFieldError }}</mat-error>
            </mat-form-field>
            <ng-container formGroupName="quietHours">
              <mat-form-field appearance="outline">
                <mat-label>{{ 'followUp.preferences.quietFrom' | translate }}</mat-label>
                <select matNativeControl formControlName="start" data-testid="pref-quiet-start">
                  @for (hour of hours; track hour) {
                    <option [ngValue]="hour">{{ hour }}:00</option>
                  }
                </select>
                <mat-error>{{ form.controls.quietHours.controls.start | kzFieldError }}</mat-error>
              </mat-form-field>
              <mat-form-field appearance="outline">
                <mat-label>{{ 'followUp.preferences.quietUntil' | translate }}</mat-label>
                <select matNativeControl formControlName="end" data-testid="pref-quiet-end">
                  @for (hour of hours; track hour) {
                    <option [ngValue]="hour">{{ hour }}:00</option>
                  }
                </select>
                <mat-error>{{ form.controls.quietHours.controls.end | kzFieldError }}</mat-error>
              </mat-form-field>
            </ng-container>
          </div>
          @if (submit.message(); as m) {
            <p class="kz-alert" role="alert" data-testid="preferences-error">{{ m | kzMessage }}</p>
          }
          <ng-container formGroupName="email">
            <mat-checkbox formControlName="reminders">{{
              'followUp.preferences.emailReminders' | translate
            }}</mat-checkbox>
            <mat-checkbox formControlName="reviews">{{
              'followUp.preferences.emailReviews' | translate
            }}</mat-checkbox>
            <mat-checkbox formControlName="digest">{{
              'followUp.preferences.emailDigest' | translate
            }}</mat-checkbox>
          </ng-container>
          <div class="kz-actions">
            <button
              mat-flat-button
              type="submit"
              [disabled]="submit.pending()"
              [attr.aria-busy]="submit.pending()"
              data-testid="save-preferences"
            >
              {{ 'common.save' | translate }}
            </button>
            @if (saved()) {
              <span role="status">{{ 'followUp.preferences.saved' | translate }}</span>
            }
          </div>
        </form>
      }
    </section>
  `,
})
export class NotificationPreferencesPageComponent implements OnInit {
  protected readonly store = inject(NotificationsStore);
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly hours = hours;
  protected readonly saved = signal(false);
  protected readonly problemText = problemMessage;
  // Its groups mirror the API's body, so a 400 naming `quietHours.start` lands on that field.
  protected readonly form = this.fb.group({
    timeZone: '',
    quietHours: this.fb.group({ start: 0, end: 0 }),
    email: this.fb.group({ reminders: false, reviews: false, digest: false }),
  });
  protected readonly submit = new FormSubmit(this.form, {
    toProblem: toApiProblem,
    host: inject<ElementRef<HTMLElement>>(ElementRef).nativeElement,
  });

  async ngOnInit(): Promise<void> {
    await this.store.loadPreferences();
    const preferences = this.store.preferences();
    if (preferences) this.form.reset({ ...preferences, timeZone: preferences.timeZone ?? '' });
  }

  protected async save(): Promise<void> {
    this.saved.set(false);
    const value = this.form.getRawValue();
    const timeZone = value.timeZone.trim();
    const done = await this.submit.run(() =>
      this.store.savePreferences({ ...value, timeZone: timeZone || null }),
    );
    this.saved.set(done);
  }
}
