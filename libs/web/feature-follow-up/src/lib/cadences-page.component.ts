import { ChangeDetectionStrategy, Component, ElementRef, OnInit, inject, viewChild } from '@angular/core';
import { FormsModule, NgForm } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { TranslatePipe, TranslateService } from '@ngx-translate/core';
import { StructureStore } from '@kaizen/web/data-access-admin';
import { toApiProblem } from '@kaizen/web/data-access-api';
import type { CadenceDto, CreateCadenceDto } from '@kaizen/web/data-access-api/follow-up';
import { ReviewsStore } from '@kaizen/web/data-access-follow-up';
import {
  FieldErrorPipe,
  FormSubmit,
  MessagePipe,
  PageHeaderComponent,
  problemMessage,
} from '@kaizen/web/ui-kit';
import { FORMAT_PIPES, Formats } from '@kaizen/web/util-i18n';

type Frequency = CreateCadenceDto['frequency'];

/** When each team, department and the organisation reviews (admins). */
@Component({
  selector: 'kz-cadences-page',
  imports: [
    PageHeaderComponent,
    FORMAT_PIPES,
    FieldErrorPipe,
    FormsModule,
    MatButton,
    MatError,
    MatFormField,
    MatInput,
    MatLabel,
    MessagePipe,
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

      <form class="kz-card" (ngSubmit)="create()" novalidate aria-labelledby="kz-new-cadence-title">
        <h2 id="kz-new-cadence-title">{{ 'followUp.cadences.new' | translate }}</h2>
        <div class="kz-row">
          <mat-form-field appearance="outline">
            <mat-label>{{ 'followUp.cadences.unit' | translate }}</mat-label>
            <select matNativeControl name="unit" [(ngModel)]="unit" data-testid="cadence-unit">
              <option value="organisation">{{ 'followUp.unitType.organisation' | translate }}</option>
              @for (department of structure.departments(); track department.id) {
                <option [value]="'department:' + department.id">{{ department.name }}</option>
              }
              @for (team of structure.teams(); track team.id) {
                <option [value]="'team:' + team.id">{{ team.name }}</option>
              }
            </select>
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>{{ 'followUp.cadences.frequency' | translate }}</mat-label>
            <select matNativeControl name="frequency" [(ngModel)]="frequency" data-testid="cadence-frequency">
              @for (f of frequencies; track f) {
                <option [value]="f">{{ 'followUp.frequency.' + f | translate }}</option>
              }
            </select>
          </mat-form-field>
          @if (frequency === 'weekly' || frequency === 'biweekly') {
            <mat-form-field appearance="outline">
              <mat-label>{{ 'followUp.cadences.weekday' | translate }}</mat-label>
              <select matNativeControl name="weekday" [(ngModel)]="weekday">
                @for (day of weekdays; track day) {
                  <option [ngValue]="day">{{ 'followUp.weekday.' + day | translate }}</option>
                }
              </select>
            </mat-form-field>
          } @else {
            <mat-form-field appearance="outline">
              <mat-label>{{ 'followUp.cadences.dayOfMonth' | translate }}</mat-label>
              <input
                matInput
                type="number"
                name="dayOfMonth"
                min="1"
                max="28"
                [(ngModel)]="dayOfMonth"
                #dayModel="ngModel"
              />
              <mat-error>{{ dayModel.control | kzFieldError }}</mat-error>
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
              #hourModel="ngModel"
              data-testid="cadence-hour"
            />
            <mat-error data-testid="cadence-hour-error">{{ hourModel.control | kzFieldError }}</mat-error>
          </mat-form-field>
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
  protected readonly frequencies: Frequency[] = ['weekly', 'biweekly', 'monthly', 'quarterly'];
  protected readonly weekdays = [1, 2, 3, 4, 5, 6, 7];
  protected unit = 'organisation';
  protected frequency: Frequency = 'weekly';
  protected weekday = 5;
  protected dayOfMonth = 1;
  protected hour = 15;
  private readonly ngForm = viewChild.required(NgForm);
  protected readonly submitter = new FormSubmit(() => this.ngForm().form, {
    toProblem: toApiProblem,
    context: { conflict: 'followUp.cadences.exists' },
    // The unit is one chooser here; the API names its parts.
    fields: { unitType: 'unit', teamId: 'unit', departmentId: 'unit' },
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
    const time = `${String(cadence.hour).padStart(2, '0')}:${String(cadence.minute).padStart(2, '0')}`;
    const rhythm = this.translate.instant(`followUp.rhythm.${cadence.frequency}`, {
      time,
      weekday: this.translate.instant(`followUp.weekday.${cadence.weekday}`),
      day: cadence.dayOfMonth,
    });
    const ownZone = this.formats.timeZone() ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    return cadence.timeZone === ownZone
      ? rhythm
      : this.translate.instant('followUp.rhythm.zone', { rhythm, zone: cadence.timeZone });
  }

  protected async create(): Promise<void> {
    const [unitType, unitId] = this.unit.split(':') as [
      'organisation' | 'department' | 'team',
      string | undefined,
    ];
    const body: CreateCadenceDto = {
      unitType,
      frequency: this.frequency,
      hour: Number(this.hour),
      ...(this.frequency === 'weekly' || this.frequency === 'biweekly'
        ? { weekday: this.weekday }
        : { dayOfMonth: Number(this.dayOfMonth) }),
      ...(unitType === 'team'
        ? { teamId: unitId }
        : unitType === 'department'
          ? { departmentId: unitId }
          : {}),
    };
    await this.submitter.run(() => this.store.createCadence(body));
  }
}
