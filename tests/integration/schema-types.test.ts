import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-environment';

/** The table types every repository's queries are checked against; `npm run db:types` writes them. */
const checkedIn = 'libs/api/data-access-db/src/lib/generated/schema.ts';

describe('the typed data layer', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('has table types that match the migrated schema', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kz-schema-types-'));
    try {
      const outFile = join(dir, 'schema.ts');
      const run = spawnSync(
        process.execPath,
        [
          'node_modules/kysely-codegen/dist/cli/bin.js',
          '--dialect=postgres',
          `--url=${database.ownerUrl}`,
          '--include-pattern=public.*',
          '--exclude-pattern=public.schema_migrations',
          `--out-file=${outFile}`,
          '--log-level=error',
        ],
        { encoding: 'utf8' },
      );
      expect(run.status, run.stderr).toBe(0);
      const generated = readFileSync(outFile, 'utf8');
      if (process.env['UPDATE_SCHEMA_TYPES'] === 'true') writeFileSync(checkedIn, generated);
      expect(
        generated === readFileSync(checkedIn, 'utf8'),
        `${checkedIn} is out of date: run npm run db:types`,
      ).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
