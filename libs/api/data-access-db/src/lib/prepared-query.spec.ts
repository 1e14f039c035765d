import { describe, expect, it } from 'vitest';
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
} from 'kysely';
import { PreparedQuery } from './prepared-query';

interface Tables {
  experiment: { id: string; title: string; owner_id: string; status: string };
}

const db = new Kysely<Tables>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

describe('PreparedQuery', () => {
  it('compiles once and binds each call’s values where the building put them, constants kept', () => {
    let builds = 0;
    const query = new PreparedQuery((v: { id: string; owner: string }) => {
      builds++;
      return db
        .selectFrom('experiment')
        .select(['title', sql<boolean>`owner_id = ${v.owner}`.as('mine')])
        .where('id', '=', v.id)
        .where('status', '=', 'running')
        .where('owner_id', '=', v.owner);
    });
    const first = query.with({ id: 'a', owner: 'x' });
    const second = query.with({ id: 'b', owner: 'y' });
    const direct = db
      .selectFrom('experiment')
      .select(['title', sql<boolean>`owner_id = ${'y'}`.as('mine')])
      .where('id', '=', 'b')
      .where('status', '=', 'running')
      .where('owner_id', '=', 'y')
      .compile();
    expect(builds).toBe(1);
    expect(first.parameters).toEqual(['x', 'a', 'running', 'x']);
    expect(second.sql).toBe(direct.sql);
    expect(second.parameters).toEqual(direct.parameters);
  });

  it('refuses a value the building changed or left out', () => {
    const changed = new PreparedQuery((v: { q: string }) =>
      db.selectFrom('experiment').select('id').where('title', 'like', `%${v.q}%`),
    );
    expect(() => changed.with({ q: 'x' })).toThrow(/changed while building/);
    const unused = new PreparedQuery((v: { id: string }) =>
      db
        .selectFrom('experiment')
        .select('id')
        .$if(v.id === 'never', (q) => q.where('id', '=', v.id)),
    );
    expect(() => unused.with({ id: 'x' })).toThrow(/reach no parameter: id/);
  });
});
