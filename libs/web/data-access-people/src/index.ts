export { PeopleStore } from './lib/people.store';
