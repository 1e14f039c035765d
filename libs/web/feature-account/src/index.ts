export { accountRoutes, peopleRoutes } from './lib/account.routes';
export { applyProblem, fieldErrorMessage, problemMessage } from './lib/form-problems';
export type { FormMessage, ProblemContext } from './lib/form-problems';
export { FieldErrorPipe, MessagePipe } from './lib/message.pipes';
