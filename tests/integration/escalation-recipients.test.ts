import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { TenantTransactions } from '@kaizen/api/data-access-db';
import { RemindersRepository } from '../../libs/api/feature-reminders/src/lib/reminders.repository';
import { signUpOrganisation } from '../support/api-client';
import { startApi, type RunningApi } from '../support/running-apps';
import { addMember, asOwner } from '../support/tenants';
import { createTestDatabase, testConfig, type TestDatabase } from '../support/test-environment';

/**
 * Who a proposal waiting past the SLA escalates to, on a chain Care > Wards > Night (Night has two heads,
 * Wards one, Care one) and a department without heads: the nearest level at or above the proposal's that
 * has an active head, never the owner; with none, the active admins but the owner.
 */
describe('escalation recipients', () => {
  let database: TestDatabase;
  let api: RunningApi;
  let organisationId: string;
  let adminId: string;
  const people: Record<string, string> = {};
  const teams: Record<string, string> = {};

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi(testConfig(database.url, 'postgres'));
    const { client: admin } = await signUpOrganisation(api.url, 'Escalations');
    ({ organisationId, membershipId: adminId } = (await admin.get('/api/auth/me')).body);
    for (const name of ['owner', 'nightHead', 'nightHead2', 'wardsHead', 'careHead', 'secondAdmin', 'gone']) {
      const role =
        name === 'secondAdmin' || name === 'gone'
          ? 'org_admin'
          : name === 'owner'
            ? 'member'
            : 'department_head';
      people[name] = (await addMember(database.ownerUrl, api.url, organisationId, role)).membershipId;
    }
    await asOwner(
      database.ownerUrl,
      `UPDATE membership SET status = 'deactivated', deactivated_at = now() WHERE id = $1`,
      [people['gone']],
    );
    const departments = { care: uuidv7(), wards: uuidv7(), night: uuidv7(), lonely: uuidv7() };
    for (const [name, parent] of [
      ['care', null],
      ['wards', departments.care],
      ['night', departments.wards],
      ['lonely', null],
    ] as const) {
      await asOwner(
        database.ownerUrl,
        `INSERT INTO department (organisation_id, id, name, parent_id) VALUES ($1, $2, $3, $4)`,
        [organisationId, departments[name], name, parent],
      );
      teams[name] = uuidv7();
      await asOwner(
        database.ownerUrl,
        `INSERT INTO team (organisation_id, id, name, department_id) VALUES ($1, $2, $3, $4)`,
        [organisationId, teams[name], `${name} team`, departments[name]],
      );
    }
    for (const [person, department] of [
      ['nightHead', 'night'],
      ['nightHead2', 'night'],
      ['wardsHead', 'wards'],
      ['careHead', 'care'],
    ] as const) {
      await asOwner(
        database.ownerUrl,
        `INSERT INTO department_head (organisation_id, id, department_id, membership_id) VALUES ($1, $2, $3, $4)`,
        [organisationId, uuidv7(), departments[department], people[person]],
      );
    }
  });

  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  /** The recipients of a proposal of `team`, owned by `owner`, waiting at `level` (or with nothing open). */
  async function recipientsOf(
    team: string,
    owner: string,
    level: 'team_lead' | 'department_head' | null,
  ): Promise<string[]> {
    const experimentId = uuidv7();
    await asOwner(
      database.ownerUrl,
      `INSERT INTO experiment (organisation_id, id, team_id, owner_membership_id, title, status) VALUES ($1, $2, $3, $4, 'Waiting', 'proposed')`,
      [organisationId, experimentId, teams[team], owner],
    );
    if (level) {
      await asOwner(
        database.ownerUrl,
        `INSERT INTO approval (organisation_id, id, experiment_id, level, requested_hours, requested_amount_minor) VALUES ($1, $2, $3, $4, 1, 0)`,
        [organisationId, uuidv7(), experimentId, level],
      );
    }
    const repository = api.app.get(RemindersRepository, { strict: false });
    const recipients = await api.app
      .get(TenantTransactions)
      .run({ organisationId }, () => repository.escalationRecipients(experimentId));
    return [...recipients].sort();
  }

  const names = (...keys: string[]) => keys.map((key) => (key === 'admin' ? adminId : people[key])).sort();

  it('sends a team-level proposal to every head of its own department', async () => {
    expect(await recipientsOf('night', people['owner'], 'team_lead')).toEqual(
      names('nightHead', 'nightHead2'),
    );
  });

  it('sends a department-level proposal to the heads of the level above', async () => {
    expect(await recipientsOf('night', people['owner'], 'department_head')).toEqual(names('wardsHead'));
    expect(await recipientsOf('wards', people['owner'], 'department_head')).toEqual(names('careHead'));
  });

  it('never sends it to its owner: the nearest level with another head takes it', async () => {
    expect(await recipientsOf('night', people['nightHead'], 'team_lead')).toEqual(names('nightHead2'));
    expect(await recipientsOf('wards', people['wardsHead'], 'team_lead')).toEqual(names('careHead'));
  });

  it('falls back to the active admins, but the owner, when no level above has a head', async () => {
    expect(await recipientsOf('care', people['owner'], 'department_head')).toEqual(
      names('admin', 'secondAdmin'),
    );
    expect(await recipientsOf('lonely', people['owner'], 'team_lead')).toEqual(names('admin', 'secondAdmin'));
    expect(await recipientsOf('lonely', people['secondAdmin'], 'team_lead')).toEqual(names('admin'));
  });

  it('names nobody when nothing is waiting', async () => {
    expect(await recipientsOf('night', people['owner'], null)).toEqual([]);
  });
});
