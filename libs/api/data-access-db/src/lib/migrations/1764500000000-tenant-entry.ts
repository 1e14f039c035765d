import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Entering a tenant in one round trip. Every request's transaction sets its tenant settings and then re-reads
 * the caller's membership (a deactivation or role change applies at once); as two statements that is two round
 * trips before any work, on a connection that answers one statement at a time. The function does both in order:
 * the settings first, then the membership read under row-level security, as the app's role (not SECURITY DEFINER).
 */
export class TenantEntry1764500000000 implements MigrationInterface {
  name = 'TenantEntry1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION enter_tenant(tenant text, person text, invitation text, member uuid) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        PERFORM set_config('app.organisation_id', tenant, true), set_config('app.user_id', person, true),
                set_config('app.invitation_token_hash', invitation, true);
        IF member IS NULL THEN
          RETURN NULL;
        END IF;
        -- The role of that membership if it is active and the person's own, in the tenant just entered.
        RETURN (SELECT m.role FROM membership m
                 WHERE m.organisation_id = current_organisation_id() AND m.id = member AND m.user_id = current_app_user_id() AND m.status = 'active');
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION enter_tenant(text, text, text, uuid)`);
  }
}
