import { ChangeDetectionStrategy, Component, ElementRef, OnInit, computed, inject } from '@angular/core';
import { FormGroup, NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { toApiProblem } from '@kaizen/web/data-access-api';
import type { CadenceDto, SetProgrammeCadenceDto } from '@kaizen/web/data-access-api/programmes';
import { ProgrammeStore } from '@kaizen/web/data-access-programmes';
import {
  FormSubmit,
  FormSubmitOptions,
  MessagePipe,
  RhythmFieldsComponent,
  describeRhythm,
  rhythmBody,
  rhythmForm,
} from '@kaizen/web/ui-kit';
import { FORMAT_PIPES, Formats, TranslatePipe, TranslateService } from '@kaizen/web/util-i18n';

/**
 * The programme team's own review rhythm: what it is and when the next review opens; its lead (or an admin) sets,
 * changes, pauses or resumes it. Lives inside the programme page, whose store it shares.
 */
@Component({
  selector: 'kz-programme-rhythm',
  imports: [FORMAT_PIPES, MatButton, MessagePipe, ReactiveFormsModule, RhythmFieldsComponent, TranslatePipe],
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
          <form
            class="kz-form"
            [formGroup]="form"
            (ngSubmit)="save(rhythm.cadence)"
            novalidate
            aria-labelledby="kz-rhythm"
          >
            <div class="kz-row">
              <kz-rhythm-fields [form]="form" testIdPrefix="rhythm" />
            </div>
            @if (message(); as m) {
              <p class="kz-alert" role="alert" data-testid="rhythm-error">{{ m | kzMessage }}</p>
            }
            <div class="kz-actions">
              <button
                mat-flat-button
                type="submit"
                [disabled]="pending()"
                [attr.aria-busy]="pending()"
                data-testid="rhythm-save"
              >
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
  protected readonly form = rhythmForm(inject(NonNullableFormBuilder), {
    frequency: 'biweekly',
    weekday: 1,
    dayOfMonth: 1,
    hour: 14,
  });
  private readonly options: FormSubmitOptions = {
    toProblem: toApiProblem,
    host: inject<ElementRef<HTMLElement>>(ElementRef).nativeElement,
    context: { forbidden: 'programmes.rhythm.forbidden', conflict: 'programmes.rhythm.stale' },
  };
  private readonly saveSubmit = new FormSubmit(this.form, this.options);
  // Pausing sends the rhythm as saved, whatever is typed in the form meanwhile.
  private readonly pauseSubmit = new FormSubmit(new FormGroup({}), this.options);
  protected readonly pending = computed(() => this.saveSubmit.pending() || this.pauseSubmit.pending());
  protected readonly message = computed(() => this.saveSubmit.message() ?? this.pauseSubmit.message());

  async ngOnInit(): Promise<void> {
    await this.store.loadRhythm();
    const cadence = this.store.rhythm()?.cadence;
    if (cadence) {
      const { frequency, weekday, dayOfMonth, hour } = cadence;
      this.form.setValue({ frequency, weekday, dayOfMonth, hour });
    }
  }

  /** "Every two weeks on Monday at 14:00", as the review cadences page words it, with the zone. */
  protected describe(cadence: CadenceDto): string {
    this.formats.lang(); // worded again when the language changes
    const rhythm = describeRhythm(this.translate, cadence);
    return this.translate.instant('rhythm.sentence.zone', { rhythm, zone: cadence.timeZone });
  }

  protected save(cadence: CadenceDto | null): Promise<boolean> {
    this.pauseSubmit.message.set(null);
    return this.saveSubmit.run(() =>
      this.store.setRhythm({
        ...rhythmBody(this.form),
        minute: cadence?.minute ?? 0,
        ...(cadence ? { version: cadence.version } : {}),
      }),
    );
  }

  protected setActive(cadence: CadenceDto, active: boolean): Promise<boolean> {
    this.saveSubmit.message.set(null);
    const { frequency, weekday, dayOfMonth, hour, minute, timeZone, anchorDate, version } = cadence;
    const body: SetProgrammeCadenceDto = {
      frequency,
      weekday,
      dayOfMonth,
      hour,
      minute,
      timeZone,
      anchorDate,
      version,
      active,
    };
    return this.pauseSubmit.run(() => this.store.setRhythm(body));
  }
}
