import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import {
  FormControl,
  FormGroup,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  Validators,
} from '@angular/forms';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { TranslatePipe } from '@kaizen/web/util-i18n';
import { FieldErrorPipe } from '@kaizen/web/ui-kit';
import type { DecisionRuleView } from './decision-rule.component';

/**
 * The prediction and decision rule as a form. Its groups mirror the API's body, so a 400 naming
 * `prediction.size` or `rule.withinPeriods` lands on its field without a mapping.
 */
export type DecisionRuleForm = FormGroup<{
  prediction: FormGroup<{
    direction: FormControl<'increase' | 'decrease'>;
    size: FormControl<number | null>;
    by: FormControl<string>;
  }>;
  rule: FormGroup<{
    withinPeriods: FormControl<number | null>;
    wording: FormGroup<{ adopt: FormControl<string> }>;
  }>;
}>;

/** What the API takes to state a rule (the shape of its `DecisionRuleInputDto`, which a ui library may not import). */
export interface DecisionRuleBody {
  prediction: { direction: 'increase' | 'decrease'; size: number | null; by: string | null };
  rule: { withinPeriods: number; wording?: { adopt: string } };
}

type StatedRule = Pick<DecisionRuleView, 'prediction' | 'rule'> | null | undefined;

/** The form's value for a stated rule, or the defaults (a decrease, judged within 8 periods): to fill or reset it. */
export function decisionRuleValue(current?: StatedRule): ReturnType<DecisionRuleForm['getRawValue']> {
  return {
    prediction: {
      direction: current?.prediction?.direction ?? 'decrease',
      size: current?.prediction?.size ?? null,
      by: current?.prediction?.by ?? '',
    },
    rule: {
      withinPeriods: current?.rule?.withinPeriods ?? 8,
      wording: { adopt: current?.rule?.wording?.adopt ?? '' },
    },
  };
}

/** A rule form, filled from a stated rule or with the defaults. */
export function decisionRuleForm(fb: NonNullableFormBuilder, current?: StatedRule): DecisionRuleForm {
  const value = decisionRuleValue(current);
  return fb.group({
    prediction: fb.group({
      direction: fb.control(value.prediction.direction),
      size: fb.control(value.prediction.size, [Validators.min(0)]),
      by: fb.control(value.prediction.by),
    }),
    rule: fb.group({
      // Whole and at least 1: the API's 400 names `rule.withinPeriods`, shown on this field.
      withinPeriods: fb.control(value.rule.withinPeriods, [Validators.required]),
      wording: fb.group({ adopt: fb.control(value.rule.wording.adopt, [Validators.maxLength(200)]) }),
    }),
  });
}

/** The body the API takes, from the form's value: empty fields are left out, as "not stated". */
export function decisionRuleBody(form: DecisionRuleForm): DecisionRuleBody {
  const { prediction, rule } = form.getRawValue();
  const adopt = rule.wording.adopt.trim();
  return {
    prediction: {
      direction: prediction.direction,
      size: prediction.size === null || `${prediction.size}` === '' ? null : Number(prediction.size),
      by: prediction.by || null,
    },
    rule: { withinPeriods: Number(rule.withinPeriods), ...(adopt ? { wording: { adopt } } : {}) },
  };
}

/**
 * The prediction and rule fields, written once: the experiment page states the rule with them, and so does the
 * form that creates the experiment. The host owns the form and its submit.
 */
@Component({
  selector: 'kz-decision-rule-fields',
  imports: [
    FieldErrorPipe,
    MatError,
    MatFormField,
    MatHint,
    MatInput,
    MatLabel,
    ReactiveFormsModule,
    TranslatePipe,
  ],
  template: `
    @let f = form();
    <div [formGroup]="f">
      <fieldset class="kz-fieldset" formGroupName="prediction">
        <legend>{{ 'decisions.form.prediction' | translate }}</legend>
        <div class="kz-row">
          <mat-form-field appearance="outline">
            <mat-label>{{ 'decisions.form.direction' | translate }}</mat-label>
            <select matNativeControl formControlName="direction" data-testid="rule-direction">
              <option value="decrease">{{ 'decisions.prediction.decrease' | translate }}</option>
              <option value="increase">{{ 'decisions.prediction.increase' | translate }}</option>
            </select>
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>{{ 'decisions.form.size' | translate }}</mat-label>
            <input matInput type="number" min="0" step="any" formControlName="size" data-testid="rule-size" />
            <mat-hint>{{ 'decisions.form.sizeHint' | translate }}</mat-hint>
            <mat-error>{{ f.controls.prediction.controls.size | kzFieldError }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>{{ 'decisions.form.by' | translate }}</mat-label>
            <input matInput type="date" formControlName="by" data-testid="rule-by" />
            <mat-error>{{ f.controls.prediction.controls.by | kzFieldError }}</mat-error>
          </mat-form-field>
        </div>
      </fieldset>
      <fieldset class="kz-fieldset" formGroupName="rule">
        <legend>{{ 'decisions.form.rule' | translate }}</legend>
        <mat-form-field appearance="outline">
          <mat-label>{{ 'decisions.form.withinPeriods' | translate }}</mat-label>
          <input
            matInput
            type="number"
            min="1"
            step="1"
            formControlName="withinPeriods"
            data-testid="rule-within"
          />
          <mat-hint>{{ 'decisions.form.withinHint' | translate }}</mat-hint>
          <mat-error data-testid="rule-within-error">{{
            f.controls.rule.controls.withinPeriods | kzFieldError
          }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline" class="kz-full" formGroupName="wording">
          <mat-label>{{ 'decisions.form.adoptWording' | translate }}</mat-label>
          <input matInput formControlName="adopt" data-testid="rule-adopt-wording" />
          <mat-hint>{{ 'decisions.form.wordingHint' | translate }}</mat-hint>
          <mat-error>{{ f.controls.rule.controls.wording.controls.adopt | kzFieldError }}</mat-error>
        </mat-form-field>
      </fieldset>
    </div>
  `,
  styleUrl: './decision-rule-fields.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DecisionRuleFieldsComponent {
  readonly form = input.required<DecisionRuleForm>();
}
