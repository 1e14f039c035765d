// The header's unread count, for the shell in the initial bundle: a separate entry point, so the
// follow-up stores and their operations stay in their lazy pages' chunks (see index.ts).
export { UnreadNotifications } from './lib/unread-notifications';
