export { applyProblem, fieldErrorMessage, fieldProblemMessage, problemMessage } from './lib/form-problems';
export type { ApiProblem, FieldProblem, FormMessage, ProblemContext } from './lib/form-problems';
export { FieldErrorPipe, MessagePipe } from './lib/message.pipes';
export { focusFirstInvalid } from './lib/focus-first-invalid';
export { StatusChipComponent, phaseOf } from './lib/status-chip.component';
export { downloadText } from './lib/download';
export { MoneyPipe } from './lib/money.pipe';
export { FormSubmit } from './lib/form-submit';
export type { FormSubmitOptions } from './lib/form-submit';
