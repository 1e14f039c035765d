import { ChangeDetectionStrategy, Component, ElementRef, OnInit, inject } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { StructureStore } from '@kaizen/web/data-access-admin';
import { toApiProblem } from '@kaizen/web/data-access-api';
import type { CadenceDto, CreateCadenceDto } from '@kaizen/web/data-access-api/follow-up';
import { ReviewsStore } from '@kaizen/web/data-access-follow-up';
import {
  FieldErrorPipe,
  FormSubmit,
  MessagePipe,
  PageHeaderComponent,
  RhythmFieldsComponent,
  describeRhythm,
  problemMessage,
  rhythmBody,
  rhythmFieldsAt,
  rhythmForm,
} from '@kaizen/web/ui-kit';
import { FORMAT_PIPES, Formats, TranslatePipe, TranslateService } from '@kaizen/web/util-i18n';

/** When each team, department and the organisation reviews (admins). */
@Component({
  selector: 'kz-cadences-page',
  imports: [
    PageHeaderComponent,
    FORMAT_PIPES,
    FieldErrorPipe,
    MatButton,
    MatError,
    MatFormField,
    MatInput,
    MatLabel,
    MessagePipe,
    ReactiveFormsModule,
    RhythmFieldsComponent,
    TranslatePipe,
  ],
  styleUrl: './follow-up.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="kz-page" aria-labelledby="kz-cadences-title">
      <kz-page-header
        headingId="kz-cadences-title"
        [heading]="'followUp.cadences.title' | translate"
        [intro]="'followUp.cadences.intro' | translate"
      >
      </kz-page-header>
      @if (store.error(); as problem) {
        <p class="kz-alert" role="alert">{{ problemText(problem) | kzMessage }}</p>
      }
      @if (!store.loaded()) {
        <p role="status">{{ 'common.loading' | translate }}</p>
      } @else if (store.cadences().length === 0) {
        <p class="kz-empty">{{ 'followUp.cadences.empty' | translate }}</p>
      } @else {
        <ul class="kz-list" data-testid="cadences">
          @for (cadence of store.cadences(); track cadence.id) {
            <li class="kz-card kz-inline">
              <strong>{{ cadence.unitName }}</strong>
              <span>{{ describe(cadence) }}</span>
              <span class="kz-meta">
                @if (cadence.nextOpensAt) {
                  {{ 'followUp.cadences.next' | translate: { when: (cadence.nextOpensAt | kzDate) } }}
                } @else {
                  {{ 'followUp.cadences.paused' | translate }}
                }
              </span>
              <button mat-button type="button" (click)="store.setActive(cadence, !cadence.active)">
                {{ (cadence.active ? 'followUp.cadences.pause' : 'followUp.cadences.resume') | translate }}
              </button>
            </li>
          }
        </ul>
      }

      <form
        class="kz-card"
        [formGroup]="form"
        (ngSubmit)="create()"
        novalidate
        aria-labelledby="kz-new-cadence-title"
      >
        <h2 id="kz-new-cadence-title">{{ 'followUp.cadences.new' | translate }}</h2>
        <div class="kz-row">
          <mat-form-field appearance="outline">
            <mat-label>{{ 'followUp.cadences.unit' | translate }}</mat-label>
            <select matNativeControl formControlName="unit" data-testid="cadence-unit">
              <option value="organisation">{{ 'followUp.unitType.organisation' | translate }}</option>
              @for (department of structure.departments(); track department.id) {
                <option [value]="'department:' + department.id">{{ department.name }}</option>
              }
              @for (team of structure.teams(); track team.id) {
                <option [value]="'team:' + team.id">{{ team.name }}</option>
              }
            </select>
            <mat-error>{{ form.controls.unit | kzFieldError }}</mat-error>
          </mat-form-field>
          <kz-rhythm-fields [form]="form.controls.rhythm" testIdPrefix="cadence" />
        </div>
        @if (message(); as m) {
          <p class="kz-alert" role="alert" data-testid="cadence-error">{{ m | kzMessage }}</p>
        }
        <div class="kz-actions">
          <button
            mat-flat-button
            type="submit"
            [disabled]="submitter.pending()"
            [attr.aria-busy]="submitter.pending()"
            data-testid="create-cadence"
          >
            {{ 'followUp.cadences.create' | translate }}
          </button>
        </div>
      </form>
    </section>
  `,
})
export class CadencesPageComponent implements OnInit {
  protected readonly store = inject(ReviewsStore);
  private readonly translate = inject(TranslateService);
  private readonly formats = inject(Formats);
  protected readonly structure = inject(StructureStore);
  protected readonly problemText = problemMessage;
  protected readonly form = inject(NonNullableFormBuilder).group({
    unit: 'organisation',
    rhythm: rhythmForm(inject(NonNullableFormBuilder), {
      frequency: 'weekly',
      weekday: 5,
      dayOfMonth: 1,
      hour: 15,
    }),
  });
  protected readonly submitter = new FormSubmit(this.form, {
    toProblem: toApiProblem,
    context: { conflict: 'followUp.cadences.exists' },
    // The unit is one chooser here; the API names its parts.
    fields: { unitType: 'unit', teamId: 'unit', departmentId: 'unit', ...rhythmFieldsAt('rhythm') },
    host: inject<ElementRef<HTMLElement>>(ElementRef).nativeElement,
  });
  protected readonly message = this.submitter.message;

  ngOnInit(): void {
    void this.store.loadCadences();
    void this.structure.load();
  }

  /** "Every week on Friday at 15:00", with the zone named only when it is not the organisation's. */
  protected describe(cadence: CadenceDto): string {
    this.formats.lang(); // worded again when the language changes
    const rhythm = describeRhythm(this.translate, cadence);
    const ownZone = this.formats.timeZone() ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    return cadence.timeZone === ownZone
      ? rhythm
      : this.translate.instant('rhythm.sentence.zone', { rhythm, zone: cadence.timeZone });
  }

  protected async create(): Promise<void> {
    const [unitType, unitId] = this.form.getRawValue().unit.split(':') as [
      'organisation' | 'department' | 'team',
      string | undefined,
    ];
    const body: CreateCadenceDto = {
      unitType,
      ...(unitType === 'team'
        ? { teamId: unitId }
        : unitType === 'department'
          ? { departmentId: unitId }
          : {}),
      ...rhythmBody(this.form.controls.rhythm),
    };
    await this.submitter.run(() => this.store.createCadence(body));
  }
}
