export {
  applyProblem,
  fieldErrorMessage,
  fieldProblemMessage,
  problemMessage,
  wholeNumberFrom,
} from './lib/form-problems';
export type {
  ApiProblem,
  FieldProblem,
  FormMessage,
  ProblemContext,
  ProblemControl,
  SubmittableForm,
} from './lib/form-problems';
export { FieldErrorPipe, MessagePipe } from './lib/message.pipes';
export { focusFirstInvalid } from './lib/focus-first-invalid';
export { StatusChipComponent, phaseOf } from './lib/status-chip.component';
export { downloadText } from './lib/download';
export { MoneyPipe } from './lib/money.pipe';
export { FormSubmit } from './lib/form-submit';
export { PageHeaderComponent } from './lib/page-header.component';
export { NativeFieldDirective } from './lib/native-field.directive';
export { ConfirmActionComponent } from './lib/confirm-action.component';
export type { FormSubmitOptions, FormSubmitRun, StepTo } from './lib/form-submit';
export {
  RHYTHM_FREQUENCIES,
  RhythmFieldsComponent,
  describeRhythm,
  onWeekday,
  rhythmBody,
  rhythmFieldsAt,
  rhythmForm,
} from './lib/rhythm-fields.component';
export type { RhythmBody, RhythmForm, RhythmFrequency, RhythmValue } from './lib/rhythm-fields.component';
