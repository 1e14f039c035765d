export { accountRoutes, peopleRoutes } from './lib/account.routes';
