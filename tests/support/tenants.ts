import { Client } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { hashPassword } from '@kaizen/api/data-access-auth';
import type { Role } from '@kaizen/shared/domain-access';
import { ApiClient, uniqueEmail } from './api-client';

export const MEMBER_PASSWORD = 'a member password';
let passwordHash: Promise<string> | undefined;

/** Runs SQL as the schema owner: behind row-level security, for arranging and inspecting. */
export async function asOwner<T = Record<string, unknown>>(
  ownerUrl: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Adds a person with a role straight into the database, then signs them in through the API. */
export async function addMember(
  ownerUrl: string,
  baseUrl: string,
  organisationId: string,
  role: Role,
): Promise<{ client: ApiClient; membershipId: string; userId: string; email: string }> {
  passwordHash ??= hashPassword(MEMBER_PASSWORD);
  const userId = uuidv7();
  const membershipId = uuidv7();
  const email = uniqueEmail(role);
  await asOwner(
    ownerUrl,
    `INSERT INTO app_user (id, email, password_hash, display_name) VALUES ($1, $2, $3, $4)`,
    [userId, email, await passwordHash, `A ${role}`],
  );
  await asOwner(
    ownerUrl,
    `INSERT INTO membership (organisation_id, id, user_id, role) VALUES ($1, $2, $3, $4)`,
    [organisationId, membershipId, userId, role],
  );
  const client = new ApiClient(baseUrl);
  const signIn = await client.post('/api/auth/sign-in', { email, password: MEMBER_PASSWORD });
  if (signIn.status !== 200)
    throw new Error(`sign-in of ${role} failed: ${signIn.status} ${JSON.stringify(signIn.body)}`);
  return { client, membershipId, userId, email };
}

/**
 * Members who only receive (no password, never signed in), straight into the tables in one statement, with e-mail
 * on for everything and no quiet hours: recipients for tests that need many people.
 */
export async function seedRecipients(
  ownerUrl: string,
  organisationId: string,
  count: number,
): Promise<Array<{ membershipId: string; email: string }>> {
  const people = Array.from({ length: count }, () => ({
    userId: uuidv7(),
    membershipId: uuidv7(),
    email: uniqueEmail('recipient'),
  }));
  await asOwner(
    ownerUrl,
    `WITH p AS (SELECT * FROM unnest($2::uuid[], $3::uuid[], $4::text[]) AS p(user_id, membership_id, email)),
          u AS (INSERT INTO app_user (id, email, password_hash, display_name)
                SELECT user_id, email, 'no password', 'A recipient' FROM p),
          m AS (INSERT INTO membership (organisation_id, id, user_id, role)
                SELECT $1, membership_id, user_id, 'member' FROM p)
     INSERT INTO notification_preference (organisation_id, membership_id, quiet_start, quiet_end, email_reminders, email_reviews, email_digest)
     SELECT $1, membership_id, 0, 0, true, true, true FROM p`,
    [
      organisationId,
      people.map((person) => person.userId),
      people.map((person) => person.membershipId),
      people.map((person) => person.email),
    ],
  );
  return people.map(({ membershipId, email }) => ({ membershipId, email }));
}

/**
 * A fingerprint of everything an organisation owns, to prove a request changed nothing. An export is a read
 * that is audited by design: its audit line (`*.exported`) is not a change.
 */
export async function organisationSnapshot(ownerUrl: string, organisationId: string): Promise<string> {
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.columns
        WHERE table_schema = 'public' AND column_name = 'organisation_id' ORDER BY table_name`,
    );
    // One statement for every table: a connection and a round trip per table made each snapshot take seconds.
    const digests = tables.rows.map(
      ({ table_name }) =>
        `SELECT '${table_name}:' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS part
           FROM ${table_name} t WHERE organisation_id = $1${table_name === 'audit_event' ? ` AND action NOT LIKE '%.exported'` : ''}`,
    );
    const { rows } = await client.query<{ part: string }>(digests.join('\nUNION ALL\n'), [organisationId]);
    return rows
      .map((row) => row.part)
      .sort()
      .join('\n');
  } finally {
    await client.end();
  }
}
