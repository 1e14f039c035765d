export { accountRoutes } from './lib/account.routes';
export { peopleRoutes } from './lib/people.routes';
