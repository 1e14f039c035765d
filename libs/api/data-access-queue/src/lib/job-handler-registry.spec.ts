import { describe, expect, it } from 'vitest';
import type { JobCatalog } from '@kaizen/shared/util-jobs';
import { buildHandlerRegistry, JobHandlerRegistryError, type FoundHandler } from './job-handler-registry';

const declaration = {
  scope: 'platform' as const,
  options: { attempts: 3, backoff: { type: 'fixed' as const, delay: 10 } },
};
const catalog: JobCatalog = { mail: { send: declaration, bounce: declaration } };
const handler = (queue: string, job: string, source: string): FoundHandler => ({
  queue,
  job,
  source,
  handle: async () => undefined,
});

function problemsOf(found: FoundHandler[]): string[] {
  try {
    buildHandlerRegistry(catalog, found);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(JobHandlerRegistryError);
    return (error as JobHandlerRegistryError).problems;
  }
}

describe('buildHandlerRegistry', () => {
  it('pairs each declared job with its one handler', () => {
    const send = handler('mail', 'send', 'Mail.send');
    const registry = buildHandlerRegistry(catalog, [send, handler('mail', 'bounce', 'Mail.bounce')]);
    expect([...registry.keys()]).toEqual(['mail/send', 'mail/bounce']);
    expect(registry.get('mail/send')).toBe(send.handle);
  });

  it('refuses a declared job without a handler', () => {
    expect(problemsOf([handler('mail', 'send', 'Mail.send')])).toEqual(['job mail/bounce has no handler']);
  });

  it('refuses a job with two handlers and names both', () => {
    expect(
      problemsOf([
        handler('mail', 'send', 'A.send'),
        handler('mail', 'send', 'B.send'),
        handler('mail', 'bounce', 'A.bounce'),
      ]),
    ).toEqual(['job mail/send has 2 handlers: A.send, B.send']);
  });

  it('refuses a handler for a job nobody declared', () => {
    expect(
      problemsOf([
        handler('mail', 'send', 'A.send'),
        handler('mail', 'bounce', 'A.bounce'),
        handler('mail', 'spam', 'A.spam'),
      ]),
    ).toEqual(['A.spam handles mail/spam, which is not declared']);
  });
});
