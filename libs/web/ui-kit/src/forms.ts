// The form helpers alone, for pages a first load lands on (sign-in): through the barrel, every ui-kit module
// counts as reachable, so the bundler put the form helpers in one chunk with the rhythm fields, status chip,
// page header and confirm dialog, and signing in downloaded them all.
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
export { FormSubmit } from './lib/form-submit';
export type { FormSubmitOptions, FormSubmitRun, StepTo } from './lib/form-submit';
