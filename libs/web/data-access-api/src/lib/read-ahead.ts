import { Injector } from '@angular/core';
import { Data, Route } from '@angular/router';

/**
 * A page's first read, started before the page exists: given the app's injector and the URL's query, it waits for
 * what it needs (the session) and reads only where the page would, into the store the page then reads from.
 */
export type ReadAhead = (injector: Injector, query: URLSearchParams) => Promise<void>;

const READ_AHEAD = Symbol('readAhead');

/**
 * Route data naming the read its page starts with. On a first load the app starts it while the page's code still
 * downloads (`warmFirstRoute`): the answer is there when the page first renders, where the page's own read would
 * leave only once all its chunks had arrived. The read and its store are then in the initial bundle: a lazy import
 * of them took two round trips of its own, and as many requests.
 */
export function readAhead(read: ReadAhead): Data {
  return { [READ_AHEAD]: read };
}

export function readAheadOf(route: Route): ReadAhead | undefined {
  return route.data?.[READ_AHEAD];
}
