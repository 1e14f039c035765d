// The API contract: types generated from openapi.json (never hand-copied).
export type {
  AcceptInvitationDto,
  CheckDto,
  CreateInvitationDto,
  HeartbeatDto,
  InvitationDto,
  InvitationPreviewDto,
  LivenessDto,
  MeDto,
  MemberDto,
  MembershipSummaryDto,
  ReadinessDto,
  RefreshedSessionDto,
  SecondFactorDto,
  SessionDto,
  SignInDto,
  SignUpDto,
  TwoFactorChallengeDto,
  TwoFactorEnrolmentDto,
  WorkerStatusDto,
} from './generated/models';
export { Api } from './generated/api';
export { ApiConfiguration, provideApiConfiguration } from './generated/api-configuration';
// One export per operation, never the generated functions index: everything reachable from
// this barrel lands in the initial bundle, and the index reaches every endpoint. What only lazy
// pages use (their stores and operations) is exported from './operations' instead.
export { acceptInvitation } from './generated/fn/auth/accept-invitation';
export { confirmPasswordReset } from './generated/fn/auth/confirm-password-reset';
export { getMe } from './generated/fn/auth/get-me';
export { refreshSession } from './generated/fn/auth/refresh-session';
export { signIn } from './generated/fn/auth/sign-in';
export { signInSecondFactor } from './generated/fn/auth/sign-in-second-factor';
export { startSignInTwoFactorEnrolment } from './generated/fn/auth/start-sign-in-two-factor-enrolment';
export { signOut } from './generated/fn/auth/sign-out';
export { signUp } from './generated/fn/auth/sign-up';
export { switchOrganisation } from './generated/fn/auth/switch-organisation';
// The header's bell reads this on every page.
export { unreadNotificationCount } from './generated/fn/notifications/unread-notification-count';
// The experiments list's store, which reads ahead on a first load of the list (readAhead).
export { createExperiment } from './generated/fn/experiments/create-experiment';
export { exportExperiments } from './generated/fn/experiments/export-experiments';
export { listExperiments } from './generated/fn/experiments/list-experiments';

export { provideApiRoot } from './lib/api-root';
export { toApiProblem } from './lib/api-problem';
export type { ApiProblem, FieldProblem } from './lib/api-problem';
export { describeHttpError } from './lib/describe-http-error';
export { allPages, CursorPages, LoadState, PAGE_LIMIT_MAX, PagedList } from './lib/load-state';
export type { CursorPage, PageParams } from './lib/load-state';
export { readAhead, readAheadOf } from './lib/read-ahead';
export type { ReadAhead } from './lib/read-ahead';
