import { expect } from 'vitest';
import { INSTRUMENT_V1 } from '@kaizen/shared/domain-scan';
import { ApiClient, signUpOrganisation } from './api-client';
import { addMember } from './tenants';

export interface Person {
  client: ApiClient;
  membershipId: string;
  email: string;
}

/** Every statement answered with the same value, or a value per statement. */
export function sheet(value: number | ((id: string, index: number) => number)): Record<string, number> {
  return Object.fromEntries(
    INSTRUMENT_V1.statements.map((s, i) => [s.id, typeof value === 'number' ? value : value(s.id, i)]),
  );
}

/** An organisation with the given teams (name -> department and size); the admin is in no team. */
export async function scanOrganisation(
  apiUrl: string,
  ownerUrl: string,
  name: string,
  teams: Record<string, { department: string; size: number }>,
) {
  const { client: admin, email: adminEmail } = await signUpOrganisation(apiUrl, name);
  const me = (await admin.get('/api/auth/me')).body;
  const departments = new Map<string, string>();
  const people = new Map<string, Person[]>();
  const teamIds = new Map<string, string>();
  for (const [teamName, { department, size }] of Object.entries(teams)) {
    if (!departments.has(department))
      departments.set(department, (await admin.post('/api/departments', { name: department })).body.id);
    const team = (
      await admin.post('/api/teams', { name: teamName, departmentId: departments.get(department) })
    ).body;
    teamIds.set(teamName, team.id);
    const members: Person[] = [];
    for (let i = 0; i < size; i++) {
      const person = await addMember(ownerUrl, apiUrl, me.organisationId, 'member');
      expect(
        (
          await admin.post(`/api/teams/${team.id}/members`, {
            membershipId: person.membershipId,
            position: 'member',
          })
        ).status,
      ).toBe(201);
      members.push(person);
    }
    people.set(teamName, members);
  }
  return {
    admin,
    adminEmail,
    organisationId: me.organisationId as string,
    adminMembershipId: me.membershipId as string,
    departments,
    teamIds,
    people,
  };
}
