import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { workspaceRoot } from '../support/processes';
import { hangGuardMs } from '../../tools/hang-guard.mjs';

describe('a failing test fails the run', () => {
  it('exits non-zero even when the embedded PostgreSQL served the run', () => {
    const env = { ...process.env };
    delete env['TEST_DATABASE_URL'];
    delete env['DATABASE_URL'];
    delete env['VITEST_JSON_REPORT'];
    const run = spawnSync('npx', ['vitest', 'run', '--config', 'tests/fixtures/vitest.failing.config.mts'], {
      cwd: workspaceRoot,
      env,
      encoding: 'utf8',
      timeout: hangGuardMs(120_000),
    });
    expect(run.stdout + run.stderr).toMatch(/fails on purpose/);
    expect(run.stdout + run.stderr).not.toMatch(/TEST_DATABASE_URL|does not answer/);
    expect(run.status).toBe(1);
  });
});
