import { AsyncLocalStorage } from 'node:async_hooks';

/** Where the current request came from, for the records it writes (the audit log's address). */
export interface RequestOrigin {
  ip: string;
}

const origin = new AsyncLocalStorage<RequestOrigin>();

/** Runs `work` as part of a request from `from`. */
export function withRequestOrigin<T>(from: RequestOrigin, work: () => T): T {
  return origin.run(from, work);
}

/** The current request's origin; undefined in jobs and other work no request started. */
export function currentRequestOrigin(): RequestOrigin | undefined {
  return origin.getStore();
}
