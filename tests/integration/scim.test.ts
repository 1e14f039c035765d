import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, signUpOrganisation } from '../support/api-client';
import { createTestDatabase, testConfig, type TestDatabase } from '../support/test-environment';
import { startApi, type RunningApi } from '../support/running-apps';
import { addMember, asOwner, organisationSnapshot } from '../support/tenants';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

interface ScimAnswer {
  status: number;
  type: string | null;
  location: string | null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- SCIM bodies are whatever the server sends; the tests assert their shape
  body: any;
}

interface Organisation {
  admin: ApiClient;
  organisationId: string;
  scimToken: string;
}

/** The requests follow the examples of RFC 7644 §3 (create, get, filter, replace, patch, delete), with our ids. */
describe('SCIM 2.0 provisioning', () => {
  let database: TestDatabase;
  let api: RunningApi;
  let a: Organisation;
  let b: Organisation;

  async function scim(
    token: string,
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/scim+json',
  ): Promise<ScimAnswer> {
    const response = await fetch(`${api.url}/api/scim/v2${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': contentType } : {}),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: asserted as text
    }
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      location: response.headers.get('location'),
      body: parsed,
    };
  }

  async function organisation(name: string): Promise<Organisation> {
    const { client: admin } = await signUpOrganisation(api.url, name);
    const { organisationId } = (await admin.get('/api/auth/me')).body;
    const token = await admin.post('/api/organisation-tokens', {
      name: 'Entra ID',
      scopes: ['scim.provision'],
    });
    return { admin, organisationId, scimToken: token.body.token };
  }

  const scimError = (status: number, scimType?: string) =>
    expect.objectContaining({ schemas: [ERROR], status: String(status), ...(scimType ? { scimType } : {}) });

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi(testConfig(database.url, 'postgres'));
    a = await organisation('Scim Alpha');
    b = await organisation('Scim Beta');
  });

  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  it('describes itself: ServiceProviderConfig, ResourceTypes and Schemas', async () => {
    const config = await scim(a.scimToken, 'GET', '/ServiceProviderConfig');
    expect(config.status).toBe(200);
    expect(config.type).toMatch(/^application\/scim\+json/);
    expect(config.body).toMatchObject({
      patch: { supported: true },
      filter: { supported: true, maxResults: 200 },
      bulk: { supported: false },
      authenticationSchemes: [expect.objectContaining({ type: 'oauthbearertoken' })],
    });
    const types = await scim(a.scimToken, 'GET', '/ResourceTypes');
    expect(types.body.Resources.map((r: { id: string }) => r.id).sort()).toEqual(['Group', 'User']);
    const schemas = await scim(a.scimToken, 'GET', '/Schemas');
    expect(schemas.body.Resources.map((r: { id: string }) => r.id)).toEqual(
      expect.arrayContaining([USER, GROUP]),
    );
    expect((await scim(a.scimToken, 'GET', `/Schemas/${USER}`)).body.id).toBe(USER);
    expect((await scim(a.scimToken, 'GET', '/Schemas/urn:nope')).status).toBe(404);
  });

  it('creates a User, reads it, finds it by userName, and refuses a second with the same userName', async () => {
    // RFC 7644 §3.3, with an e-mail address as userName: that is how people sign in here.
    const created = await scim(a.scimToken, 'POST', '/Users', {
      schemas: [USER],
      userName: 'bjensen@example.com',
      externalId: 'bjensen',
      name: { formatted: 'Ms. Barbara J Jensen III', familyName: 'Jensen', givenName: 'Barbara' },
    });
    expect(created.status).toBe(201);
    expect(created.type).toMatch(/^application\/scim\+json/);
    expect(created.body).toMatchObject({
      schemas: [USER],
      userName: 'bjensen@example.com',
      externalId: 'bjensen',
      displayName: 'Ms. Barbara J Jensen III',
      active: true,
      meta: { resourceType: 'User' },
    });
    expect(created.location).toBe(created.body.meta.location);
    expect(created.location).toMatch(new RegExp(`/api/scim/v2/Users/${created.body.id}$`));

    const read = await scim(a.scimToken, 'GET', `/Users/${created.body.id}`);
    expect(read.body).toEqual(created.body);
    const members = (await a.admin.get('/api/members')).body.items as Array<{
      id: string;
      role: string;
      status: string;
    }>;
    expect(members.find((m) => m.id === created.body.id)).toMatchObject({ role: 'member', status: 'active' });

    const found = await scim(
      a.scimToken,
      'GET',
      `/Users?filter=${encodeURIComponent('userName eq "BJensen@example.com"')}`,
    );
    expect(found.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 1,
      startIndex: 1,
      itemsPerPage: 1,
    });
    expect(found.body.Resources[0].id).toBe(created.body.id);
    const none = await scim(
      a.scimToken,
      'GET',
      `/Users?filter=${encodeURIComponent('userName eq "nobody@example.com"')}`,
    );
    expect(none.body).toMatchObject({ totalResults: 0, Resources: [] });
    const unsupported = await scim(
      a.scimToken,
      'GET',
      `/Users?filter=${encodeURIComponent('userName sw "b"')}`,
    );
    expect(unsupported.status).toBe(400);
    expect(unsupported.body).toEqual(scimError(400, 'invalidFilter'));

    const again = await scim(a.scimToken, 'POST', '/Users', {
      schemas: [USER],
      userName: 'bjensen@example.com',
    });
    expect(again.status).toBe(409);
    expect(again.body).toEqual(scimError(409, 'uniqueness'));
  });

  it('replaces a User with PUT and renames the account it made', async () => {
    const created = (
      await scim(a.scimToken, 'POST', '/Users', { schemas: [USER], userName: 'put@example.com' })
    ).body;
    const replaced = await scim(a.scimToken, 'PUT', `/Users/${created.id}`, {
      schemas: [USER],
      userName: 'put.renamed@example.com',
      displayName: 'Put Renamed',
      externalId: 'put-1',
      active: true,
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({
      id: created.id,
      userName: 'put.renamed@example.com',
      displayName: 'Put Renamed',
      externalId: 'put-1',
    });
  });

  it('deactivates with PATCH active false (as Entra ID sends it), ending the person’s sessions at once', async () => {
    const person = await addMember(database.ownerUrl, api.url, a.organisationId, 'member');
    expect((await person.client.get('/api/experiments')).status).toBe(200);
    // People who joined before provisioning are Users too; the directory finds them by userName.
    const found = await scim(
      a.scimToken,
      'GET',
      `/Users?filter=${encodeURIComponent(`userName eq "${person.email}"`)}`,
    );
    expect(found.body.Resources.map((r: { id: string }) => r.id)).toEqual([person.membershipId]);

    const patched = await scim(a.scimToken, 'PATCH', `/Users/${person.membershipId}`, {
      schemas: [PATCH],
      Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
    });
    expect(patched.status).toBe(200);
    expect(patched.body.active).toBe(false);

    expect((await person.client.get('/api/experiments')).status).toBe(401);
    expect((await person.client.post('/api/auth/refresh')).status).toBe(401);
    const sessions = await asOwner<{ open: number }>(
      database.ownerUrl,
      `SELECT count(*) FILTER (WHERE revoked_at IS NULL)::int AS open FROM refresh_token WHERE user_id = $1`,
      [person.userId],
    );
    expect(sessions[0].open).toBe(0);

    // The RFC's own form: a replace without a path, and a real boolean.
    const back = await scim(a.scimToken, 'PATCH', `/Users/${person.membershipId}`, {
      schemas: [PATCH],
      Operations: [{ op: 'replace', value: { active: true } }],
    });
    expect(back.body.active).toBe(true);
    // An account that existed before provisioning is the person's own: the directory cannot rename it.
    const rename = await scim(a.scimToken, 'PATCH', `/Users/${person.membershipId}`, {
      schemas: [PATCH],
      Operations: [{ op: 'replace', path: 'displayName', value: 'Renamed by IdP' }],
    });
    expect(rename.status).toBe(400);
    expect(rename.body).toEqual(scimError(400, 'mutability'));
  });

  it('keeps the organisation’s last admin', async () => {
    const { membershipId } = (await a.admin.get('/api/auth/me')).body;
    const refused = await scim(a.scimToken, 'PATCH', `/Users/${membershipId}`, {
      schemas: [PATCH],
      Operations: [{ op: 'replace', path: 'active', value: false }],
    });
    expect(refused.status).toBe(409);
    expect(refused.body).toEqual(scimError(409));
  });

  it('creates a Group as a team, adds and removes members with PATCH, replaces and deletes it', async () => {
    const babs = (
      await scim(a.scimToken, 'POST', '/Users', { schemas: [USER], userName: 'babs@example.com' })
    ).body;
    const mandy = (
      await scim(a.scimToken, 'POST', '/Users', { schemas: [USER], userName: 'mandy@example.com' })
    ).body;
    const created = await scim(a.scimToken, 'POST', '/Groups', {
      schemas: [GROUP],
      displayName: 'Tour Guides',
      externalId: 'tour-guides',
      members: [{ value: babs.id, display: 'Babs Jensen' }],
    });
    expect(created.status).toBe(201);
    expect(created.location).toBe(created.body.meta.location);
    expect(created.body).toMatchObject({
      displayName: 'Tour Guides',
      members: [expect.objectContaining({ value: babs.id })],
    });
    const twin = await scim(a.scimToken, 'POST', '/Groups', { schemas: [GROUP], displayName: 'tour guides' });
    expect(twin.status).toBe(409);
    expect(twin.body).toEqual(scimError(409, 'uniqueness'));
    const team = (await a.admin.get(`/api/teams/${created.body.id}`)).body;
    expect(team.name).toBe('Tour Guides');
    expect((await scim(a.scimToken, 'GET', `/Users/${babs.id}`)).body.groups).toEqual([
      expect.objectContaining({ value: created.body.id, display: 'Tour Guides' }),
    ]);

    // RFC 7644 §3.5.2.1: add members.
    const added = await scim(a.scimToken, 'PATCH', `/Groups/${created.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'add', path: 'members', value: [{ display: 'Mandy Pepperidge', value: mandy.id }] }],
    });
    expect(added.status).toBe(200);
    expect(added.body.members.map((m: { value: string }) => m.value).sort()).toEqual(
      [babs.id, mandy.id].sort(),
    );
    // RFC 7644 §3.5.2.2: remove one member by a value filter.
    const removed = await scim(a.scimToken, 'PATCH', `/Groups/${created.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'remove', path: `members[value eq "${babs.id}"]` }],
    });
    expect(removed.body.members.map((m: { value: string }) => m.value)).toEqual([mandy.id]);

    const filtered = await scim(
      a.scimToken,
      'GET',
      `/Groups?filter=${encodeURIComponent('displayName eq "Tour Guides"')}`,
    );
    expect(filtered.body.Resources.map((g: { id: string }) => g.id)).toEqual([created.body.id]);

    const replaced = await scim(a.scimToken, 'PUT', `/Groups/${created.body.id}`, {
      schemas: [GROUP],
      displayName: 'Tour Leads',
      members: [{ value: babs.id }],
    });
    expect(replaced.body).toMatchObject({
      displayName: 'Tour Leads',
      members: [expect.objectContaining({ value: babs.id })],
    });

    expect((await scim(a.scimToken, 'DELETE', `/Groups/${created.body.id}`)).status).toBe(204);
    expect((await scim(a.scimToken, 'GET', `/Groups/${created.body.id}`)).status).toBe(404);
    expect((await a.admin.get(`/api/teams/${created.body.id}`)).body.archivedAt).not.toBeNull();
  });

  it('deletes a User: deactivated and gone from SCIM; provisioning them again revives the same membership', async () => {
    const user = (
      await scim(a.scimToken, 'POST', '/Users', { schemas: [USER], userName: 'leaver@example.com' })
    ).body;
    expect((await scim(a.scimToken, 'DELETE', `/Users/${user.id}`)).status).toBe(204);
    const gone = await scim(a.scimToken, 'GET', `/Users/${user.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual(scimError(404));
    expect((await a.admin.get(`/api/members/${user.id}`)).body.status).toBe('deactivated');
    const back = await scim(a.scimToken, 'POST', '/Users', {
      schemas: [USER],
      userName: 'leaver@example.com',
    });
    expect(back.status).toBe(201);
    expect(back.body).toMatchObject({ id: user.id, active: true });
  });

  it('answers bad bodies with SCIM errors and creates nothing, half or whole', async () => {
    const before = await organisationSnapshot(database.ownerUrl, a.organisationId);
    const cases: Array<[string, string, unknown, number, string]> = [
      [
        'POST',
        '/Users',
        { schemas: ['urn:example:unknown'], userName: 'x@example.com' },
        400,
        'invalidSyntax',
      ],
      [
        'POST',
        '/Users',
        { schemas: [USER, 'urn:example:unknown'], userName: 'x@example.com' },
        400,
        'invalidSyntax',
      ],
      ['POST', '/Users', { userName: 'x@example.com' }, 400, 'invalidSyntax'],
      ['POST', '/Users', { schemas: [USER] }, 400, 'invalidValue'],
      ['POST', '/Users', { schemas: [USER], userName: 'not an address' }, 400, 'invalidValue'],
      ['POST', '/Users', { schemas: [USER], userName: 5 }, 400, 'invalidValue'],
      [
        'POST',
        '/Users',
        { schemas: [USER], userName: 'x@example.com', active: 'maybe' },
        400,
        'invalidValue',
      ],
      ['POST', '/Users', [{ schemas: [USER] }], 400, 'invalidSyntax'],
      ['POST', '/Users', 'null', 400, 'invalidSyntax'],
      ['POST', '/Groups', { schemas: [GROUP] }, 400, 'invalidValue'],
      [
        'POST',
        '/Groups',
        { schemas: [GROUP], displayName: 'Half', members: [{ value: 'not-a-user' }] },
        400,
        'invalidValue',
      ],
      ['POST', '/Groups', { schemas: [USER], displayName: 'Wrong' }, 400, 'invalidSyntax'],
      ['GET', '/Users?count=lots', undefined, 400, 'invalidValue'],
      ['GET', `/Users?filter=${encodeURIComponent('userName eq')}`, undefined, 400, 'invalidFilter'],
      ['GET', `/Users?filter=${encodeURIComponent('((((')}`, undefined, 400, 'invalidFilter'],
    ];
    for (const [method, path, body, status, scimType] of cases) {
      const answer = await scim(a.scimToken, method, path, body);
      expect({ method, path, body, status: answer.status, answer: answer.body }).toEqual({
        method,
        path,
        body,
        status,
        answer: scimError(status, scimType),
      });
      expect(answer.type).toMatch(/^application\/scim\+json/);
    }
    const user = (
      await scim(a.scimToken, 'GET', `/Users?filter=${encodeURIComponent('userName eq "babs@example.com"')}`)
    ).body.Resources[0];
    const patches: Array<[unknown, string]> = [
      [
        { schemas: ['urn:example:unknown'], Operations: [{ op: 'replace', path: 'active', value: false }] },
        'invalidSyntax',
      ],
      [{ schemas: [PATCH], Operations: [] }, 'invalidSyntax'],
      [{ schemas: [PATCH], Operations: [{ op: 'explode', path: 'active', value: false }] }, 'invalidSyntax'],
      [{ schemas: [PATCH], Operations: [{ op: 'replace', path: 'nothing', value: 1 }] }, 'invalidPath'],
      [
        { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: 'sometimes' }] },
        'invalidValue',
      ],
    ];
    for (const [body, scimType] of patches) {
      const answer = await scim(a.scimToken, 'PATCH', `/Users/${user.id}`, body);
      expect({ body, answer: answer.body }).toEqual({ body, answer: scimError(400, scimType) });
    }
    // A Group naming one good and one unknown member: no team, no placement.
    const half = await scim(a.scimToken, 'POST', '/Groups', {
      schemas: [GROUP],
      displayName: 'Half made',
      members: [{ value: user.id }, { value: '01a20000-0000-7000-8000-000000000000' }],
    });
    expect(half.status).toBe(400);
    // Broken JSON is refused before SCIM sees it, as a 400 all the same.
    expect((await scim(a.scimToken, 'POST', '/Users', '{"schemas": [', 'application/scim+json')).status).toBe(
      400,
    );
    expect(await organisationSnapshot(database.ownerUrl, a.organisationId)).toBe(before);
  });

  it('needs a token with the scim.provision scope, and says so in SCIM’s format', async () => {
    const anonymous = await fetch(`${api.url}/api/scim/v2/Users`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual(scimError(401));
    const reader = (
      await a.admin.post('/api/organisation-tokens', { name: 'Reader', scopes: ['members.read'] })
    ).body;
    const refused = await scim(reader.token, 'GET', '/Users');
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual(scimError(403));
    expect(refused.body.detail).toBe("The API token's scopes do not include scim.provision");
  });

  it('never lets one organisation’s token reach another organisation’s people or teams', async () => {
    const alphaUser = (
      await scim(a.scimToken, 'GET', `/Users?filter=${encodeURIComponent('userName eq "babs@example.com"')}`)
    ).body.Resources[0];
    const alphaGroup = (
      await scim(a.scimToken, 'POST', '/Groups', { schemas: [GROUP], displayName: 'Alpha only', members: [] })
    ).body;
    const before = await organisationSnapshot(database.ownerUrl, a.organisationId);

    expect((await scim(b.scimToken, 'GET', `/Users/${alphaUser.id}`)).status).toBe(404);
    expect(
      (
        await scim(
          b.scimToken,
          'GET',
          `/Users?filter=${encodeURIComponent('userName eq "babs@example.com"')}`,
        )
      ).body.totalResults,
    ).toBe(0);
    expect(
      (await scim(b.scimToken, 'GET', '/Users')).body.Resources.map((r: { id: string }) => r.id),
    ).not.toContain(alphaUser.id);
    const deactivate = { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: false }] };
    expect((await scim(b.scimToken, 'PATCH', `/Users/${alphaUser.id}`, deactivate)).status).toBe(404);
    expect(
      (
        await scim(b.scimToken, 'PUT', `/Users/${alphaUser.id}`, {
          schemas: [USER],
          userName: 'babs@example.com',
        })
      ).status,
    ).toBe(404);
    expect((await scim(b.scimToken, 'DELETE', `/Users/${alphaUser.id}`)).status).toBe(404);
    expect((await scim(b.scimToken, 'GET', `/Groups/${alphaGroup.id}`)).status).toBe(404);
    expect((await scim(b.scimToken, 'DELETE', `/Groups/${alphaGroup.id}`)).status).toBe(404);
    const smuggle = await scim(b.scimToken, 'POST', '/Groups', {
      schemas: [GROUP],
      displayName: 'Smuggled',
      members: [{ value: alphaUser.id }],
    });
    expect(smuggle.status).toBe(400);
    expect(await organisationSnapshot(database.ownerUrl, a.organisationId)).toBe(before);

    // The same address provisioned in Beta joins the existing account with a membership of Beta's own.
    const joined = await scim(b.scimToken, 'POST', '/Users', {
      schemas: [USER],
      userName: 'babs@example.com',
    });
    expect(joined.status).toBe(201);
    expect(joined.body.id).not.toBe(alphaUser.id);
    expect(await organisationSnapshot(database.ownerUrl, a.organisationId)).toBe(before);
  });
});
