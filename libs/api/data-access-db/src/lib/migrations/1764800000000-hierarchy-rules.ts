import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The organisation's hierarchy and who approves, each written once as a SQL function that every query
 * uses. They run as the caller (not SECURITY DEFINER), so row-level security keeps them in the tenant.
 */
export class HierarchyRules1764800000000 implements MigrationInterface {
  name = 'HierarchyRules1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- The department and every department above it; depth 0 is the department itself.
      CREATE FUNCTION department_ancestors(department uuid) RETURNS TABLE (id uuid, depth integer)
        LANGUAGE sql STABLE AS $$
        WITH RECURSIVE chain AS (
            SELECT d.id, d.parent_id, 0 AS depth FROM department d WHERE d.id = department
            UNION ALL SELECT p.id, p.parent_id, c.depth + 1 FROM department p JOIN chain c ON p.id = c.parent_id)
        SELECT chain.id, chain.depth FROM chain
      $$`);
    await q.query(`
      -- The department and every department below it; depth 0 is the department itself.
      CREATE FUNCTION department_subtree(department uuid) RETURNS TABLE (id uuid, depth integer)
        LANGUAGE sql STABLE AS $$
        WITH RECURSIVE tree AS (
            SELECT d.id, 0 AS depth FROM department d WHERE d.id = department
            UNION ALL SELECT c.id, t.depth + 1 FROM department c JOIN tree t ON c.parent_id = t.id)
        SELECT tree.id, tree.depth FROM tree
      $$`);
    await q.query(`
      -- Who may decide an experiment's open approval: a lead of its team for a team-level proposal, a head
      -- of its department or any department above it, or an admin; only active members, never the owner.
      CREATE FUNCTION approvers_of(experiment uuid) RETURNS TABLE (membership_id uuid)
        LANGUAGE sql STABLE AS $$
        WITH proposal AS (
            SELECT e.owner_membership_id, e.team_id, t.department_id, a.level
              FROM experiment e
              JOIN team t ON t.organisation_id = e.organisation_id AND t.id = e.team_id
              JOIN approval a ON a.organisation_id = e.organisation_id AND a.experiment_id = e.id AND a.decided_at IS NULL
             WHERE e.id = experiment),
          candidates AS (
            SELECT tm.membership_id FROM team_membership tm JOIN proposal p ON p.level = 'team_lead' AND tm.team_id = p.team_id
             WHERE tm.position = 'lead' AND tm.valid_to IS NULL
            UNION
            SELECT h.membership_id FROM department_head h
             WHERE h.valid_to IS NULL AND h.department_id IN (SELECT id FROM department_ancestors((SELECT department_id FROM proposal)))
            UNION
            SELECT m.id FROM membership m WHERE m.role = 'org_admin' AND EXISTS (SELECT 1 FROM proposal))
        SELECT c.membership_id FROM candidates c
          JOIN membership m ON m.id = c.membership_id AND m.status = 'active'
         WHERE c.membership_id <> (SELECT owner_membership_id FROM proposal)
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION approvers_of(uuid)`);
    await q.query(`DROP FUNCTION department_subtree(uuid)`);
    await q.query(`DROP FUNCTION department_ancestors(uuid)`);
  }
}
