import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { toApiProblem } from '@kaizen/web/data-access-api';
import { ExperimentMeasureStore } from '@kaizen/web/data-access-measures';
import { FieldErrorPipe, FormSubmit, MessagePipe, problemMessage } from '@kaizen/web/ui-kit';
import { MeasureChartComponent } from '@kaizen/web/ui-measures';
import { FORMAT_PIPES, TranslatePipe } from '@kaizen/web/util-i18n';

/**
 * The measure an experiment is judged by: its chart against this experiment's baseline, with the change
 * moments marked; those who may edit the experiment link a measure, the baseline and the change moments.
 */
@Component({
  selector: 'kz-experiment-measure-section',
  imports: [
    FORMAT_PIPES,
    FieldErrorPipe,
    MatButton,
    MatError,
    MatFormField,
    MatInput,
    MatLabel,
    MeasureChartComponent,
    MessagePipe,
    ReactiveFormsModule,
    RouterLink,
    TranslatePipe,
  ],
  providers: [ExperimentMeasureStore],
  template: `
    <section class="kz-card" aria-labelledby="kz-exp-measure-title" data-testid="experiment-measure">
      <h2 id="kz-exp-measure-title">{{ 'measures.experiment.title' | translate }}</h2>
      @if (loadError(); as error) {
        <p class="kz-alert" role="alert">{{ error | kzMessage }}</p>
      }
      @if (store.link(); as link) {
        <p data-testid="experiment-measure-link">
          {{
            'measures.experiment.linked'
              | translate
                : {
                    name: link.measureName,
                    from: (link.baseline.from | kzDay),
                    through: (link.baseline.through | kzDay),
                  }
          }}
          <a [routerLink]="['/measures', link.measureId]" data-testid="experiment-measure-open">{{
            'measures.experiment.openMeasure' | translate
          }}</a>
        </p>
        @if (store.chart(); as chart) {
          <kz-measure-chart [data]="chart" [compact]="true" />
        }
      } @else if (store.state.loaded()) {
        <p class="kz-muted" data-testid="experiment-measure-none">
          {{ 'measures.experiment.none' | translate }}
        </p>
      }
      @if (canLink() && store.state.loaded()) {
        @if (!editing()) {
          <div class="kz-actions">
            <button mat-stroked-button type="button" (click)="edit()" data-testid="experiment-measure-edit">
              {{ (store.link() ? 'measures.experiment.edit' : 'measures.experiment.link') | translate }}
            </button>
          </div>
        } @else {
          <form
            class="kz-measure-form"
            [formGroup]="form"
            (ngSubmit)="save()"
            novalidate
            data-testid="experiment-measure-form"
          >
            @if (store.choices().length === 0) {
              <p class="kz-muted">
                {{ 'measures.experiment.noMeasures' | translate }}
                <a routerLink="/measures">{{ 'measures.experiment.createOne' | translate }}</a>
              </p>
            }
            <mat-form-field appearance="outline" class="kz-full">
              <mat-label>{{ 'measures.experiment.measure' | translate }}</mat-label>
              <select matNativeControl formControlName="measureId" data-testid="link-measure">
                <option value="" disabled>{{ 'common.choose' | translate }}</option>
                @for (m of store.choices(); track m.id) {
                  <option [value]="m.id">{{ m.name }}</option>
                }
              </select>
              <mat-error>{{ form.controls.measureId | kzFieldError }}</mat-error>
            </mat-form-field>
            <div class="kz-row" formGroupName="baseline">
              <mat-form-field appearance="outline">
                <mat-label>{{ 'measures.experiment.baselineFrom' | translate }}</mat-label>
                <input matInput type="date" formControlName="from" data-testid="link-baseline-from" />
                <mat-error>{{ form.controls.baseline.controls.from | kzFieldError }}</mat-error>
              </mat-form-field>
              <mat-form-field appearance="outline">
                <mat-label>{{ 'measures.experiment.baselineThrough' | translate }}</mat-label>
                <input matInput type="date" formControlName="through" data-testid="link-baseline-through" />
                <mat-error>{{ form.controls.baseline.controls.through | kzFieldError }}</mat-error>
              </mat-form-field>
            </div>
            <fieldset class="kz-changes" formArrayName="changes">
              <legend>{{ 'measures.experiment.changes' | translate }}</legend>
              @for (change of form.controls.changes.controls; track change; let i = $index) {
                <div class="kz-row" [formGroupName]="i">
                  <mat-form-field appearance="outline">
                    <mat-label>{{ 'measures.experiment.changePeriod' | translate }}</mat-label>
                    <input
                      matInput
                      type="date"
                      formControlName="period"
                      [attr.data-testid]="'link-change-period-' + i"
                    />
                    <mat-error>{{ change.controls.period | kzFieldError }}</mat-error>
                  </mat-form-field>
                  <mat-form-field appearance="outline">
                    <mat-label>{{ 'measures.experiment.changeLabel' | translate }}</mat-label>
                    <input matInput formControlName="label" [attr.data-testid]="'link-change-label-' + i" />
                    <mat-error>{{ change.controls.label | kzFieldError }}</mat-error>
                  </mat-form-field>
                  <button mat-button type="button" (click)="removeChange(i)">
                    {{ 'measures.experiment.removeChange' | translate: { n: i + 1 } }}
                  </button>
                </div>
              }
              <button
                mat-stroked-button
                type="button"
                class="kz-add"
                (click)="addChange()"
                data-testid="link-add-change"
              >
                {{ 'measures.experiment.addChange' | translate }}
              </button>
            </fieldset>
            @if (submit.message(); as m) {
              <p class="kz-alert" role="alert" data-testid="link-error">{{ m | kzMessage }}</p>
            }
            <div class="kz-actions">
              <button mat-flat-button type="submit" [disabled]="submit.pending()" data-testid="link-save">
                {{ 'measures.experiment.save' | translate }}
              </button>
              <button mat-button type="button" (click)="editing.set(false)">
                {{ 'common.cancel' | translate }}
              </button>
            </div>
          </form>
        }
      }
    </section>
  `,
  styleUrl: './experiment-measure-section.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ExperimentMeasureSectionComponent {
  readonly experimentId = input.required<string>();
  /** Whether this person may edit the experiment (its owner, a participant, a lead or an admin); the API decides in the end. */
  readonly canLink = input(false);

  protected readonly store = inject(ExperimentMeasureStore);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  protected readonly editing = signal(false);
  protected readonly form = this.fb.group({
    measureId: ['', Validators.required],
    baseline: this.fb.group({ from: ['', Validators.required], through: ['', Validators.required] }),
    changes: this.fb.array([this.changeGroup()]),
  });
  protected readonly submit = new FormSubmit(this.form, {
    toProblem: toApiProblem,
    host: this.host.nativeElement,
    context: { forbidden: 'experiments.forbidden' },
  });

  protected loadError() {
    const problem = this.store.state.error();
    return problem ? problemMessage(problem) : null;
  }

  constructor() {
    effect(() => {
      const id = this.experimentId();
      untracked(() => void this.store.load(id));
    });
  }

  protected async edit(): Promise<void> {
    const link = this.store.link();
    this.form.controls.changes.clear();
    if (link) {
      this.form.patchValue({ measureId: link.measureId, baseline: link.baseline });
      for (const change of link.changes)
        this.form.controls.changes.push(this.changeGroup(change.period, change.label));
    } else {
      this.form.reset();
      this.form.controls.changes.push(this.changeGroup());
    }
    this.editing.set(true);
    await this.store.loadChoices().catch(() => undefined);
  }

  protected addChange(): void {
    this.form.controls.changes.push(this.changeGroup());
  }

  protected removeChange(index: number): void {
    this.form.controls.changes.removeAt(index);
  }

  protected async save(): Promise<void> {
    const v = this.form.getRawValue();
    const done = await this.submit.run(() =>
      this.store.save({
        measureId: v.measureId,
        baseline: v.baseline,
        changes: v.changes.map((c) => ({ period: c.period, label: c.label.trim() })),
      }),
    );
    if (done) this.editing.set(false);
  }

  private changeGroup(period = '', label = '') {
    return this.fb.group({
      period: [period, Validators.required],
      label: [label, [Validators.required, Validators.maxLength(200)]],
    });
  }
}
