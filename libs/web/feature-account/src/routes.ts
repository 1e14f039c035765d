// The account pages' route tables alone, for the app's initial bundle (a few hundred bytes; the pages stay lazy):
// the sign-in page is where most first loads land, and a table in a chunk of its own cost a round trip before its
// page could even be requested.
export { accountRoutes } from './lib/account.routes';
export { peopleRoutes } from './lib/people.routes';
