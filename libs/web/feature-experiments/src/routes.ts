// The experiments' route table alone, for the app's initial bundle (a few hundred bytes; the pages stay lazy): the
// list is where a signed-in first load often lands, and a table in a chunk of its own cost a round trip before the
// list's code could even be requested.
export { experimentsRoutes } from './lib/experiments.routes';
