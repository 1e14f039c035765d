export { permitted, safeReturnUrl, signInUrlTree, signedIn, signedOut } from './lib/guards';
export { provideSession } from './lib/provide-session';
export { sessionInterceptor } from './lib/session.interceptor';
export { SKIP_SESSION_REFRESH, SessionStore } from './lib/session.store';
export type { SessionStatus } from './lib/session.store';
