import { Client } from 'pg';
import { v5 as uuidv5 } from 'uuid';
import { hashPassword } from '@kaizen/api/data-access-auth';
import type { Role } from '@kaizen/shared/domain-access';
import { seedDemoExperiments } from './demo-experiments';
import { seedDemoFollowUp } from './demo-follow-up';
import { seedDemoMeasures } from './demo-measures';
import { programmeExperiments, seedDemoProgrammes } from './demo-programmes';
import { seedDemoScans } from './demo-scans';

/** Stable ids, so the seed knows whether it already ran and reruns change nothing. */
const NAMESPACE = '6f1c2a52-8f0e-4c55-9d7e-2f3b5a9c1e01';
const id = (name: string) => uuidv5(name, NAMESPACE);

export const DEMO_ORGANISATION_ID = id('organisation');
export const DEMO_DOMAIN = 'delinde.example';

interface Person {
  key: string;
  name: string;
  role: Role;
  team?: string;
  lead?: boolean;
  heads?: string;
}

const departments = [
  { key: 'care', name: 'Zorg', parent: null },
  { key: 'care-north', name: 'Wijkzorg Noord', parent: 'care' },
  { key: 'care-south', name: 'Wijkzorg Zuid', parent: 'care' },
  { key: 'rehab', name: 'Revalidatie', parent: null },
  { key: 'support', name: 'Bedrijfsvoering', parent: null },
] as const;

const teams = [
  { key: 'north-day', name: 'Team Noord Dag', department: 'care-north' },
  { key: 'north-night', name: 'Team Noord Nacht', department: 'care-north' },
  { key: 'south', name: 'Team Zuid', department: 'care-south' },
  { key: 'physio', name: 'Fysiotherapie', department: 'rehab' },
  { key: 'ict', name: 'ICT & Data', department: 'support' },
  { key: 'finance', name: 'Financiën', department: 'support' },
] as const;

const people: Person[] = [
  { key: 'admin', name: 'Sanne de Boer', role: 'org_admin', team: 'ict' },
  { key: 'head-care', name: 'Pieter Janssen', role: 'department_head', heads: 'care' },
  { key: 'head-rehab', name: 'Fatima El Amrani', role: 'department_head', heads: 'rehab' },
  { key: 'head-support', name: 'Johan Visser', role: 'department_head', heads: 'support' },
  { key: 'lead-north-day', name: 'Lotte Bakker', role: 'team_lead', team: 'north-day', lead: true },
  { key: 'lead-north-night', name: 'Daan Smit', role: 'team_lead', team: 'north-night', lead: true },
  { key: 'lead-south', name: 'Noor Mulder', role: 'team_lead', team: 'south', lead: true },
  { key: 'lead-physio', name: 'Ruben de Graaf', role: 'team_lead', team: 'physio', lead: true },
  { key: 'lead-ict', name: 'Emma van Dijk', role: 'team_lead', team: 'ict', lead: true },
  { key: 'lead-finance', name: 'Bram Meijer', role: 'team_lead', team: 'finance', lead: true },
  { key: 'm1', name: 'Yara Hoekstra', role: 'member', team: 'north-day' },
  { key: 'm2', name: 'Sem Dekker', role: 'member', team: 'north-day' },
  { key: 'm3', name: 'Julia Vos', role: 'member', team: 'north-day' },
  { key: 'm4', name: 'Milan Peters', role: 'member', team: 'north-night' },
  { key: 'm5', name: 'Sophie Hendriks', role: 'member', team: 'north-night' },
  { key: 'm6', name: 'Liam van Leeuwen', role: 'member', team: 'south' },
  { key: 'm7', name: 'Eva Brouwer', role: 'member', team: 'south' },
  { key: 'm8', name: 'Thomas de Wit', role: 'member', team: 'south' },
  { key: 'm9', name: 'Anouk Willems', role: 'member', team: 'physio' },
  { key: 'm10', name: 'Lucas van den Berg', role: 'member', team: 'physio' },
  { key: 'm11', name: 'Isa Jacobs', role: 'member', team: 'ict' },
  { key: 'm12', name: 'Finn Koster', role: 'member', team: 'finance' },
];

export const demoEmail = (key: string) => `${key}@${DEMO_DOMAIN}`;

export interface SeedResult {
  created: boolean;
  signIns: Array<{ role: Role; name: string; email: string }>;
}

/**
 * The demo organisation "Zorggroep De Linde": nested departments, teams, and people in every role.
 * Runs as the schema owner, once; every demo account shares the given password.
 */
export async function seedDemoOrganisation(ownerUrl: string, password: string): Promise<SeedResult> {
  const signIns = (['org_admin', 'department_head', 'team_lead', 'member'] as Role[]).map((role) => {
    const person = people.find((p) => p.role === role) as Person;
    return { role, name: person.name, email: demoEmail(person.key) };
  });
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('app.organisation_id', $1, true)`, [DEMO_ORGANISATION_ID]);
    const exists = await client.query('SELECT 1 FROM organisation WHERE organisation_id = $1', [
      DEMO_ORGANISATION_ID,
    ]);
    if (exists.rowCount) {
      await client.query('ROLLBACK');
      return { created: false, signIns };
    }
    const hash = await hashPassword(password);
    const org = DEMO_ORGANISATION_ID;
    await client.query(
      `INSERT INTO organisation (organisation_id, name, locale, approval_threshold_hours, approval_threshold_amount_minor)
       VALUES ($1, 'Zorggroep De Linde (demo)', 'nl', 40, 250000)`,
      [org],
    );
    for (const d of departments) {
      await client.query(
        `INSERT INTO department (organisation_id, id, name, parent_id) VALUES ($1, $2, $3, $4)`,
        [org, id(`department:${d.key}`), d.name, d.parent ? id(`department:${d.parent}`) : null],
      );
    }
    for (const t of teams) {
      await client.query(
        `INSERT INTO team (organisation_id, id, name, department_id) VALUES ($1, $2, $3, $4)`,
        [org, id(`team:${t.key}`), t.name, id(`department:${t.department}`)],
      );
    }
    for (const p of people) {
      const userId = id(`user:${p.key}`);
      const membershipId = id(`membership:${p.key}`);
      await client.query(
        `INSERT INTO app_user (id, email, password_hash, display_name, locale) VALUES ($1, $2, $3, $4, 'nl')
         ON CONFLICT DO NOTHING`,
        [userId, demoEmail(p.key), hash, p.name],
      );
      await client.query(
        `INSERT INTO membership (organisation_id, id, user_id, role, joined_at) VALUES ($1, $2, $3, $4, now() - interval '400 days')`,
        [org, membershipId, userId, p.role],
      );
      if (p.team) {
        await client.query(
          `INSERT INTO team_membership (organisation_id, id, team_id, membership_id, position, valid_from)
           VALUES ($1, $2, $3, $4, $5, now() - interval '400 days')`,
          [org, id(`placement:${p.key}`), id(`team:${p.team}`), membershipId, p.lead ? 'lead' : 'member'],
        );
      }
      if (p.heads) {
        await client.query(
          `INSERT INTO department_head (organisation_id, id, department_id, membership_id, valid_from)
           VALUES ($1, $2, $3, $4, now() - interval '400 days')`,
          [org, id(`head:${p.key}`), id(`department:${p.heads}`), membershipId],
        );
      }
    }
    // History: someone moved from night to day shift last spring, and someone left.
    await client.query(
      `INSERT INTO team_membership (organisation_id, id, team_id, membership_id, position, valid_from, valid_to)
       VALUES ($1, $2, $3, $4, 'member', now() - interval '600 days', now() - interval '400 days')`,
      [org, id('placement:m1:before'), id('team:north-night'), id('membership:m1')],
    );
    const leaver = { key: 'leaver', name: 'Kees Verbeek' };
    await client.query(
      `INSERT INTO app_user (id, email, password_hash, display_name, locale) VALUES ($1, $2, $3, $4, 'nl')`,
      [id(`user:${leaver.key}`), demoEmail(leaver.key), hash, leaver.name],
    );
    await client.query(
      `INSERT INTO membership (organisation_id, id, user_id, role, status, joined_at, deactivated_at)
       VALUES ($1, $2, $3, 'member', 'deactivated', now() - interval '700 days', now() - interval '90 days')`,
      [org, id(`membership:${leaver.key}`), id(`user:${leaver.key}`)],
    );
    await client.query(
      `INSERT INTO audit_event (organisation_id, id, actor_user_id, action, details)
       VALUES ($1, $2, $3, 'organisation.created', '{"seed": "demo"}')`,
      [org, id('audit:created'), id('user:admin')],
    );
    await seedDemoExperiments(
      client,
      org,
      id,
      Object.fromEntries(teams.map((t) => [t.key, t.department])),
      programmeExperiments,
    );
    await seedDemoMeasures(client, org, id, Object.fromEntries(teams.map((t) => [t.key, t.name])));
    await seedDemoProgrammes(client, org, id);
    await seedDemoScans(client, org, id, people);
    const membersOf = (team: string) => people.filter((p) => p.team === team).map((p) => p.key);
    await seedDemoFollowUp(
      client,
      org,
      id,
      teams.map((t) => t.key),
      Object.fromEntries(teams.map((t) => [t.key, membersOf(t.key)])),
    );
    await client.query('COMMIT');
    return { created: true, signIns };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
