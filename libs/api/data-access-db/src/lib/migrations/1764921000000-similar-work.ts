import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "Has this been tried?": earlier experiments and lessons found by Dutch and English full-text search plus trigram
 * similarity, so a near-duplicate is found even when its words are spelled or inflected differently.
 * pg_trgm is a trusted extension: the database owner that runs migrations may create it without being superuser.
 */
export class SimilarWork1764921000000 implements MigrationInterface {
  name = 'SimilarWork1764921000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    // What an experiment is about, as one text: what a draft is compared with.
    await q.query(`
      ALTER TABLE experiment ADD COLUMN about text GENERATED ALWAYS AS (
        title || ' ' || problem || ' ' || hypothesis_change || ' ' || hypothesis_outcome || ' ' || hypothesis_measure
      ) STORED`);
    await q.query(`
      ALTER TABLE experiment ADD COLUMN search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('dutch', title), 'A') ||
        setweight(to_tsvector('english', problem || ' ' || hypothesis_change || ' ' || hypothesis_outcome || ' ' || hypothesis_measure), 'B') ||
        setweight(to_tsvector('dutch', problem || ' ' || hypothesis_change || ' ' || hypothesis_outcome || ' ' || hypothesis_measure), 'B')
      ) STORED`);
    await q.query(`CREATE INDEX experiment_search_idx ON experiment USING gin (search)`);
    await q.query(`CREATE INDEX experiment_about_trgm_idx ON experiment USING gin (about gin_trgm_ops)`);
    await q.query(`CREATE INDEX lesson_insight_trgm_idx ON lesson USING gin (insight gin_trgm_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX lesson_insight_trgm_idx`);
    await q.query(`ALTER TABLE experiment DROP COLUMN search`);
    await q.query(`ALTER TABLE experiment DROP COLUMN about`);
    // The extension stays: dropping it could break what others built on it.
  }
}
