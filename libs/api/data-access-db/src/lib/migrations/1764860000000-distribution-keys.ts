import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Keys Citus can distribute by organisation_id (infra/scale-out.md): a unique index on a tenant table
 * includes organisation_id, and no global table points into a tenant table.
 */
export class DistributionKeys1764860000000 implements MigrationInterface {
  name = 'DistributionKeys1764860000000';

  async up(q: QueryRunner): Promise<void> {
    // A session's acting organisation is checked against the membership on every refresh; the key added nothing.
    await q.query(`ALTER TABLE refresh_token DROP CONSTRAINT refresh_token_acting_organisation_id_fkey`);
    // Tokens are 256 random bits: unique within the organisation is all the key can promise on Citus.
    await q.query(`ALTER TABLE invitation DROP CONSTRAINT invitation_token_hash_key`);
    await q.query(
      `ALTER TABLE invitation ADD CONSTRAINT invitation_token_hash_key UNIQUE (organisation_id, token_hash)`,
    );
    // Accepting looks an invitation up by its token alone, before its organisation is known.
    await q.query(`CREATE INDEX invitation_token_hash_idx ON invitation (token_hash)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX invitation_token_hash_idx`);
    await q.query(`ALTER TABLE invitation DROP CONSTRAINT invitation_token_hash_key`);
    await q.query(`ALTER TABLE invitation ADD CONSTRAINT invitation_token_hash_key UNIQUE (token_hash)`);
    await q.query(
      `ALTER TABLE refresh_token ADD CONSTRAINT refresh_token_acting_organisation_id_fkey FOREIGN KEY (acting_organisation_id) REFERENCES organisation (organisation_id)`,
    );
  }
}
