import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'pg';
import { migrateDatabase } from '@kaizen/api/data-access-db';
import { createTestDatabase, type TestDatabase } from '../support/test-environment';

describe('migrations', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(); // already migrated once
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('are idempotent, and safe when several processes start at once', async () => {
    const reports = await Promise.all(
      [1, 2, 3].map(() => migrateDatabase(database.ownerUrl, { appUrl: database.url })),
    );
    expect(reports.map((report) => report.applied)).toEqual([[], [], []]);
    expect(reports[0].queueSchemaVersion).toBeGreaterThan(0);
  });

  it('record what they applied, and create the queue schema beside the product tables', async () => {
    const client = new Client({ connectionString: database.ownerUrl });
    await client.connect();
    try {
      const applied = await client.query('SELECT name FROM schema_migrations ORDER BY id');
      expect(applied.rows.map((row) => row.name)).toContain('SystemHeartbeat1763800000000');
      const schemas = await client.query("SELECT nspname FROM pg_namespace WHERE nspname = 'bullmq'");
      expect(schemas.rowCount).toBe(1);
    } finally {
      await client.end();
    }
  });
});
