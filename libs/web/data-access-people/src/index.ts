export { PeopleStore } from './lib/people.store';
export { AccountRequests } from './lib/account-requests';
