import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../support/api-client';
import { signUpOrganisation } from '../support/api-client';
import { createTestDatabase, testConfig, type TestDatabase } from '../support/test-environment';
import { startApi, type RunningApi } from '../support/running-apps';
import { organisationSnapshot } from '../support/tenants';

interface Node {
  id: string;
  title: string;
  parentId: string | null;
  position: number;
}

describe('driver diagram: a moved node takes a defined place among its new siblings', () => {
  let database: TestDatabase;
  let api: RunningApi;
  let admin: ApiClient;
  let organisationId: string;
  let programmeId: string;
  const ids = new Map<string, string>();

  const nodesPath = () => `/api/programmes/${programmeId}/nodes`;
  const add = async (title: string, kind: string, parent: string | null) => {
    const created = await admin.post(nodesPath(), {
      kind,
      title,
      parentId: parent === null ? null : ids.get(parent),
    });
    expect(created.status).toBe(201);
    ids.set(title, created.body.id);
  };
  const move = (title: string, body: Record<string, unknown>) =>
    admin.patch(`${nodesPath()}/${ids.get(title)}`, body);
  /** Each parent's children as "title@position", in the order the diagram shows them. */
  const children = async (parent: string | null) => {
    const nodes: Node[] = (await admin.get(`/api/programmes/${programmeId}`)).body.nodes;
    const parentId = parent === null ? null : ids.get(parent);
    return nodes.filter((n) => n.parentId === parentId).map((n) => `${n.title}@${n.position}`);
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi(testConfig(database.url, 'postgres'));
    ({ client: admin } = await signUpOrganisation(api.url, 'Node Order Care'));
    organisationId = (await admin.get('/api/auth/me')).body.organisationId;
    programmeId = (await admin.post('/api/programmes', { title: 'Fewer falls', unitType: 'organisation' }))
      .body.id;
    await add('A', 'primary-driver', null);
    await add('B', 'primary-driver', null);
    for (const title of ['a1', 'a2', 'a3']) await add(title, 'secondary-driver', 'A');
    for (const title of ['b1', 'b2']) await add(title, 'secondary-driver', 'B');
  });

  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  it('moved without a position, a node goes last under its new parent and the old siblings close the gap', async () => {
    const moved = await move('a1', { parentId: ids.get('B') });
    expect(moved.status).toBe(200);
    expect(moved.body.position).toBe(2);
    expect(await children('B')).toEqual(['b1@0', 'b2@1', 'a1@2']);
    expect(await children('A')).toEqual(['a2@0', 'a3@1']);
  });

  it('moved with a position, it takes that index and the new siblings make room', async () => {
    const moved = await move('a3', { parentId: ids.get('B'), position: 0 });
    expect(moved.status).toBe(200);
    expect(await children('B')).toEqual(['a3@0', 'b1@1', 'b2@2', 'a1@3']);
    expect(await children('A')).toEqual(['a2@0']);
  });

  it('reorders among the same siblings', async () => {
    expect((await move('a1', { position: 1 })).status).toBe(200);
    expect(await children('B')).toEqual(['a3@0', 'a1@1', 'b1@2', 'b2@3']);
    expect((await move('a3', { parentId: ids.get('B'), position: 3 })).status).toBe(200);
    expect(await children('B')).toEqual(['a1@0', 'b1@1', 'b2@2', 'a3@3']);
  });

  it('refuses a position past the end, or not a whole number from 0, naming position, and changes nothing', async () => {
    const before = await organisationSnapshot(database.ownerUrl, organisationId);
    const pastEnd = await move('a2', { parentId: ids.get('B'), position: 5 });
    expect(pastEnd.status).toBe(400);
    expect(pastEnd.body.errors).toEqual([
      expect.objectContaining({ field: 'position', rule: 'withinSiblings' }),
    ]);
    // Among its own siblings, the last index is the count less one: it is one of them.
    const sameParent = await move('b1', { position: 4 });
    expect(sameParent.status).toBe(400);
    expect(sameParent.body.errors).toEqual([
      expect.objectContaining({ field: 'position', rule: 'withinSiblings' }),
    ]);
    for (const position of [-1, 1.5, 'first']) {
      const bad = await move('a2', { parentId: ids.get('B'), position });
      expect(bad.status).toBe(400);
      expect([...new Set(bad.body.errors.map((e: { field: string }) => e.field))]).toEqual(['position']);
    }
    expect(await organisationSnapshot(database.ownerUrl, organisationId)).toBe(before);
  });

  it('refuses a move under the node’s own descendant (409 noCycle), and changes nothing', async () => {
    await add('b1-x', 'secondary-driver', 'b1');
    const before = await organisationSnapshot(database.ownerUrl, organisationId);
    const cycle = await move('b1', { parentId: ids.get('b1-x'), position: 0 });
    expect(cycle.status).toBe(409);
    expect(cycle.body.errors).toEqual([expect.objectContaining({ field: 'parentId', rule: 'noCycle' })]);
    const underItself = await move('b1', { parentId: ids.get('b1') });
    expect(underItself.status).toBe(409);
    expect(underItself.body.errors).toEqual([
      expect.objectContaining({ field: 'parentId', rule: 'noCycle' }),
    ]);
    expect(await organisationSnapshot(database.ownerUrl, organisationId)).toBe(before);
  });

  it('a deleted node’s siblings close the gap too', async () => {
    expect((await admin.delete(`${nodesPath()}/${ids.get('b2')}`)).status).toBe(204);
    expect(await children('B')).toEqual(['a1@0', 'b1@1', 'a3@2']);
  });
});
