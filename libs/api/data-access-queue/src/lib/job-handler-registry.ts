import { declaredJobKeys, jobKey, type JobCatalog } from '@kaizen/shared/util-jobs';
import type { JobHandlerFn } from './job-handler.decorator';

export interface FoundHandler {
  queue: string;
  job: string;
  /** Where it was found, e.g. `HeartbeatJobs.handle`, for error messages. */
  source: string;
  handle: JobHandlerFn;
}

export class JobHandlerRegistryError extends Error {
  constructor(readonly problems: string[]) {
    super(`the worker cannot start:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'JobHandlerRegistryError';
  }
}

/** Pairs every declared job with exactly one handler, or names every job that has none, or more than one. */
export function buildHandlerRegistry(catalog: JobCatalog, found: FoundHandler[]): Map<string, JobHandlerFn> {
  const declared = new Set(declaredJobKeys(catalog));
  const byKey = new Map<string, FoundHandler[]>();
  for (const handler of found) {
    const key = jobKey(handler.queue, handler.job);
    byKey.set(key, [...(byKey.get(key) ?? []), handler]);
  }
  const problems: string[] = [];
  for (const key of declared) {
    const handlers = byKey.get(key) ?? [];
    if (handlers.length === 0) problems.push(`job ${key} has no handler`);
    if (handlers.length > 1)
      problems.push(
        `job ${key} has ${handlers.length} handlers: ${handlers.map((h) => h.source).join(', ')}`,
      );
  }
  for (const [key, handlers] of byKey) {
    if (!declared.has(key))
      problems.push(`${handlers.map((h) => h.source).join(', ')} handles ${key}, which is not declared`);
  }
  if (problems.length > 0) throw new JobHandlerRegistryError(problems);
  return new Map([...byKey].map(([key, [handler]]) => [key, handler.handle]));
}
