import { describe, expect, it } from 'vitest';
import { declaredJobKeys, jobCatalog } from './job-catalog';

describe('job catalogue', () => {
  it('lists every declared job as queue/job', () => {
    expect(
      declaredJobKeys({ a: { x: jobCatalog.system.heartbeat, y: jobCatalog.system.heartbeat }, b: {} }),
    ).toEqual(['a/x', 'a/y']);
  });

  it('gives every job retries with backoff, so a transient failure is not a lost job', () => {
    for (const jobs of Object.values(jobCatalog)) {
      for (const declaration of Object.values(jobs)) {
        expect(declaration.options.attempts).toBeGreaterThan(1);
        expect(declaration.options.backoff.delay).toBeGreaterThan(0);
      }
    }
  });
});
