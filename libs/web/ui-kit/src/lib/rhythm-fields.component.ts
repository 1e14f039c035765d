import { ChangeDetectionStrategy, Component, computed, effect, input, signal } from '@angular/core';
import {
  FormControl,
  FormGroup,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  Validators,
} from '@angular/forms';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { TranslatePipe, TranslateService } from '@kaizen/web/util-i18n';
import { wholeNumberFrom } from './form-problems';
import { FieldErrorPipe } from './message.pipes';

export type RhythmFrequency = 'weekly' | 'biweekly' | 'monthly' | 'quarterly';

export const RHYTHM_FREQUENCIES: readonly RhythmFrequency[] = ['weekly', 'biweekly', 'monthly', 'quarterly'];

/** Weekly rhythms fall on a weekday (1 Monday … 7 Sunday); the others on a day of the month. */
export function onWeekday(frequency: RhythmFrequency): boolean {
  return frequency === 'weekly' || frequency === 'biweekly';
}

/**
 * A review rhythm as a form. Its controls carry the API's names, so a 400 naming `hour` lands on its field; only
 * the day that applies to the frequency is enabled, so a hidden day never blocks a submit.
 */
export type RhythmForm = FormGroup<{
  frequency: FormControl<RhythmFrequency>;
  weekday: FormControl<number>;
  dayOfMonth: FormControl<number | null>;
  hour: FormControl<number | null>;
}>;

export interface RhythmValue {
  readonly frequency: RhythmFrequency;
  readonly weekday: number;
  readonly dayOfMonth: number;
  readonly hour: number;
}

/** What the API takes of a rhythm (the shared part of its cadence bodies, which a ui library may not import). */
export type RhythmBody = { frequency: RhythmFrequency; hour: number } & (
  { weekday: number; dayOfMonth?: never } | { dayOfMonth: number; weekday?: never }
);

/** A rhythm form, filled with a rhythm that exists or the page's defaults; the rules of its fields are here. */
export function rhythmForm(fb: NonNullableFormBuilder, value: RhythmValue): RhythmForm {
  const form: RhythmForm = fb.group({
    frequency: fb.control(value.frequency),
    weekday: fb.control(value.weekday, [Validators.required, wholeNumberFrom(1, 7)]),
    dayOfMonth: fb.control<number | null>(value.dayOfMonth, [Validators.required, wholeNumberFrom(1, 28)]),
    hour: fb.control<number | null>(value.hour, [Validators.required, wholeNumberFrom(0, 23)]),
  });
  const applyFrequency = (frequency: RhythmFrequency) => {
    const [on, off] = onWeekday(frequency)
      ? [form.controls.weekday, form.controls.dayOfMonth]
      : [form.controls.dayOfMonth, form.controls.weekday];
    on.enable({ emitEvent: false });
    off.disable({ emitEvent: false });
  };
  applyFrequency(value.frequency);
  form.controls.frequency.valueChanges.subscribe(applyFrequency);
  return form;
}

/** The form's rhythm as the API takes it: the weekday or the day of the month, as the frequency needs. */
export function rhythmBody(form: RhythmForm): RhythmBody {
  const { frequency, weekday, dayOfMonth, hour } = form.getRawValue();
  return onWeekday(frequency)
    ? { frequency, hour: Number(hour), weekday: Number(weekday) }
    : { frequency, hour: Number(hour), dayOfMonth: Number(dayOfMonth) };
}

/** API field names mapped to a rhythm form nested under `name` in the page's form (FormSubmit's `fields`). */
export function rhythmFieldsAt(name: string): Record<string, string> {
  return Object.fromEntries(
    ['frequency', 'weekday', 'dayOfMonth', 'hour'].map((field) => [field, `${name}.${field}`]),
  );
}

/** "Every two weeks on Monday at 14:00", in the current language; the page adds the zone where it matters. */
export function describeRhythm(
  translate: TranslateService,
  rhythm: { frequency: string; weekday: number; dayOfMonth: number; hour: number; minute: number },
): string {
  const time = `${String(rhythm.hour).padStart(2, '0')}:${String(rhythm.minute).padStart(2, '0')}`;
  return translate.instant(`rhythm.sentence.${rhythm.frequency}`, {
    time,
    weekday: translate.instant(`rhythm.weekday.${rhythm.weekday}`),
    day: rhythm.dayOfMonth,
  });
}

/**
 * How often, on which day and at what hour a unit reviews, written once: the review cadences page and a
 * programme's own rhythm both set it with these fields. The host owns the form and its submit;
 * `testIdPrefix` names the fields for tests (`cadence-hour`, `rhythm-hour`).
 */
@Component({
  selector: 'kz-rhythm-fields',
  imports: [FieldErrorPipe, MatError, MatFormField, MatInput, MatLabel, ReactiveFormsModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    :host,
    .kz-rhythm-fields {
      display: contents;
    }
  `,
  template: `
    @let f = form();
    @let id = testIdPrefix();
    <div class="kz-rhythm-fields" [formGroup]="f">
      <mat-form-field appearance="outline">
        <mat-label>{{ 'rhythm.frequencyLabel' | translate }}</mat-label>
        <select matNativeControl formControlName="frequency" [attr.data-testid]="id + '-frequency'">
          @for (frequency of frequencies; track frequency) {
            <option [value]="frequency">{{ 'rhythm.frequency.' + frequency | translate }}</option>
          }
        </select>
      </mat-form-field>
      @if (weekly()) {
        <mat-form-field appearance="outline">
          <mat-label>{{ 'rhythm.weekdayLabel' | translate }}</mat-label>
          <select matNativeControl formControlName="weekday" [attr.data-testid]="id + '-weekday'">
            @for (day of weekdays; track day) {
              <option [ngValue]="day">{{ 'rhythm.weekday.' + day | translate }}</option>
            }
          </select>
          <mat-error>{{ f.controls.weekday | kzFieldError }}</mat-error>
        </mat-form-field>
      } @else {
        <mat-form-field appearance="outline">
          <mat-label>{{ 'rhythm.dayOfMonthLabel' | translate }}</mat-label>
          <input
            matInput
            type="number"
            min="1"
            max="28"
            step="1"
            formControlName="dayOfMonth"
            [attr.data-testid]="id + '-day'"
          />
          <mat-error>{{ f.controls.dayOfMonth | kzFieldError }}</mat-error>
        </mat-form-field>
      }
      <mat-form-field appearance="outline">
        <mat-label>{{ 'rhythm.hourLabel' | translate }}</mat-label>
        <input
          matInput
          type="number"
          min="0"
          max="23"
          step="1"
          formControlName="hour"
          [attr.data-testid]="id + '-hour'"
        />
        <mat-error [attr.data-testid]="id + '-hour-error'">{{ f.controls.hour | kzFieldError }}</mat-error>
      </mat-form-field>
    </div>
  `,
})
export class RhythmFieldsComponent {
  readonly form = input.required<RhythmForm>();
  readonly testIdPrefix = input.required<string>();
  protected readonly frequencies = RHYTHM_FREQUENCIES;
  protected readonly weekdays = [1, 2, 3, 4, 5, 6, 7];
  private readonly frequency = signal<RhythmFrequency>('weekly');
  protected readonly weekly = computed(() => onWeekday(this.frequency()));

  constructor() {
    // The day field follows the frequency, also when the host fills the form from a saved rhythm.
    effect((onCleanup) => {
      const control = this.form().controls.frequency;
      this.frequency.set(control.value);
      const subscription = control.valueChanges.subscribe((frequency) => this.frequency.set(frequency));
      onCleanup(() => subscription.unsubscribe());
    });
  }
}
