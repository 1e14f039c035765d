import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { TranslatePipe, TranslateService } from '@ngx-translate/core';
import { toApiProblem } from '@kaizen/web/data-access-api';
import type { CadenceDto, SetProgrammeCadenceDto } from '@kaizen/web/data-access-api/programmes';
import { ProgrammeStore } from '@kaizen/web/data-access-programmes';
import { FormMessage, MessagePipe, fieldProblemMessage, problemMessage } from '@kaizen/web/ui-kit';
import { FORMAT_PIPES, Formats } from '@kaizen/web/util-i18n';

type Frequency = SetProgrammeCadenceDto['frequency'];

/**
 * The programme team's own review rhythm: what it is and when the next review opens; its lead (or an admin) sets,
 * changes, pauses or resumes it. Lives inside the programme page, whose store it shares.
 */
@Component({
  selector: 'kz-programme-rhythm',
  imports: [
    FORMAT_PIPES,
    FormsModule,
    MatButton,
    MatFormField,
    MatInput,
    MatLabel,
    MessagePipe,
    TranslatePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (store.rhythm(); as rhythm) {
      <section class="kz-card kz-section" aria-labelledby="kz-rhythm" data-testid="rhythm">
        <h2 id="kz-rhythm">{{ 'programmes.rhythm.title' | translate }}</h2>
        @if (rhythm.cadence; as cadence) {
          <p data-testid="rhythm-now">
            {{ describe(cadence) }} ·
            @if (cadence.nextOpensAt) {
              {{ 'followUp.cadences.next' | translate: { when: (cadence.nextOpensAt | kzDate) } }}
            } @else {
              {{ 'followUp.cadences.paused' | translate }}
            }
          </p>
        } @else {
          <p class="kz-empty">{{ 'programmes.rhythm.none' | translate }}</p>
        }
        @if (rhythm.canManage) {
          <form class="kz-form" (ngSubmit)="save(rhythm.cadence)" aria-labelledby="kz-rhythm">
            <div class="kz-row">
              <mat-form-field appearance="outline">
                <mat-label>{{ 'followUp.cadences.frequency' | translate }}</mat-label>
                <select
                  matNativeControl
                  name="frequency"
                  [(ngModel)]="frequency"
                  data-testid="rhythm-frequency"
                >
                  @for (f of frequencies; track f) {
                    <option [value]="f">{{ 'followUp.frequency.' + f | translate }}</option>
                  }
                </select>
              </mat-form-field>
              @if (frequency === 'weekly' || frequency === 'biweekly') {
                <mat-form-field appearance="outline">
                  <mat-label>{{ 'followUp.cadences.weekday' | translate }}</mat-label>
                  <select matNativeControl name="weekday" [(ngModel)]="weekday" data-testid="rhythm-weekday">
                    @for (day of weekdays; track day) {
                      <option [ngValue]="day">{{ 'followUp.weekday.' + day | translate }}</option>
                    }
                  </select>
                </mat-form-field>
              } @else {
                <mat-form-field appearance="outline">
                  <mat-label>{{ 'followUp.cadences.dayOfMonth' | translate }}</mat-label>
                  <input matInput type="number" name="dayOfMonth" min="1" max="28" [(ngModel)]="dayOfMonth" />
                </mat-form-field>
              }
              <mat-form-field appearance="outline">
                <mat-label>{{ 'followUp.cadences.hour' | translate }}</mat-label>
                <input
                  matInput
                  type="number"
                  name="hour"
                  min="0"
                  max="23"
                  [(ngModel)]="hour"
                  data-testid="rhythm-hour"
                />
              </mat-form-field>
            </div>
            @if (message(); as m) {
              <p class="kz-alert" role="alert" data-testid="rhythm-error">{{ m | kzMessage }}</p>
            }
            <div class="kz-actions">
              <button mat-flat-button type="submit" [disabled]="pending()" data-testid="rhythm-save">
                {{ 'programmes.rhythm.save' | translate }}
              </button>
              @if (rhythm.cadence; as cadence) {
                <button
                  mat-button
                  type="button"
                  [disabled]="pending()"
                  (click)="setActive(cadence, !cadence.active)"
                  data-testid="rhythm-pause"
                >
                  {{ (cadence.active ? 'followUp.cadences.pause' : 'followUp.cadences.resume') | translate }}
                </button>
              }
            </div>
          </form>
        }
      </section>
    }
  `,
})
export class ProgrammeRhythmComponent implements OnInit {
  protected readonly store = inject(ProgrammeStore);
  private readonly translate = inject(TranslateService);
  private readonly formats = inject(Formats);
  protected readonly frequencies: Frequency[] = ['weekly', 'biweekly', 'monthly', 'quarterly'];
  protected readonly weekdays = [1, 2, 3, 4, 5, 6, 7];
  protected frequency: Frequency = 'biweekly';
  protected weekday = 1;
  protected dayOfMonth = 1;
  protected hour = 14;
  protected readonly message = signal<FormMessage | null>(null);
  protected readonly pending = signal(false);

  async ngOnInit(): Promise<void> {
    await this.store.loadRhythm();
    const cadence = this.store.rhythm()?.cadence;
    if (cadence) {
      this.frequency = cadence.frequency;
      this.weekday = cadence.weekday;
      this.dayOfMonth = cadence.dayOfMonth;
      this.hour = cadence.hour;
    }
  }

  /** "Every two weeks on Monday at 14:00", as the review cadences page words it, with the zone. */
  protected describe(cadence: CadenceDto): string {
    this.formats.lang(); // worded again when the language changes
    const time = `${String(cadence.hour).padStart(2, '0')}:${String(cadence.minute).padStart(2, '0')}`;
    const rhythm = this.translate.instant(`followUp.rhythm.${cadence.frequency}`, {
      time,
      weekday: this.translate.instant(`followUp.weekday.${cadence.weekday}`),
      day: cadence.dayOfMonth,
    });
    return this.translate.instant('followUp.rhythm.zone', { rhythm, zone: cadence.timeZone });
  }

  protected save(cadence: CadenceDto | null): Promise<void> {
    const weekly = this.frequency === 'weekly' || this.frequency === 'biweekly';
    return this.submit({
      frequency: this.frequency,
      hour: Number(this.hour),
      minute: cadence?.minute ?? 0,
      ...(weekly ? { weekday: Number(this.weekday) } : { dayOfMonth: Number(this.dayOfMonth) }),
      ...(cadence ? { version: cadence.version } : {}),
    });
  }

  protected setActive(cadence: CadenceDto, active: boolean): Promise<void> {
    const { frequency, weekday, dayOfMonth, hour, minute, timeZone, anchorDate, version } = cadence;
    return this.submit({
      frequency,
      weekday,
      dayOfMonth,
      hour,
      minute,
      timeZone,
      anchorDate,
      version,
      active,
    });
  }

  private async submit(body: SetProgrammeCadenceDto): Promise<void> {
    this.message.set(null);
    this.pending.set(true);
    try {
      await this.store.setRhythm(body);
    } catch (error) {
      const problem = toApiProblem(error);
      this.message.set(
        problem.errors[0]
          ? fieldProblemMessage(problem.errors[0])
          : problemMessage(problem, {
              forbidden: 'programmes.rhythm.forbidden',
              conflict: 'programmes.rhythm.stale',
            }),
      );
    } finally {
      this.pending.set(false);
    }
  }
}
