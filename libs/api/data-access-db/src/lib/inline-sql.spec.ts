import { CompiledQuery } from 'kysely';
import { describe, expect, it } from 'vitest';
import { inlineSql } from './inline-sql';

const compiled = (sql: string, parameters: unknown[]) => CompiledQuery.raw(sql, parameters);

describe('inlineSql', () => {
  it('writes each parameter in as a quoted literal, as pg would send its text', () => {
    expect(
      inlineSql(
        compiled('update "t" set "a" = $1, "b" = $2, "c" = $3, "d" = $4 where "id" = $5', [
          "it's",
          null,
          ['x', 'y'],
          { k: 1 },
          10,
        ]),
      ),
    ).toBe(`update "t" set "a" = 'it''s', "b" = NULL, "c" = '{"x","y"}', "d" = '{"k":1}' where "id" = '10'`);
  });

  it('leaves $n inside quoted text and identifiers alone, and counts past $9', () => {
    const parameters = Array.from({ length: 11 }, (_, i) => `v${i + 1}`);
    expect(inlineSql(compiled(`select '$1', "col$2", $11, $1`, parameters))).toBe(
      `select '$1', "col$2", 'v11', 'v1'`,
    );
  });

  it('writes bytes as bytea hex and backslashes with an escape string', () => {
    expect(inlineSql(compiled('select $1, $2', [Buffer.from([1, 255]), 'a\\b']))).toBe(
      `select '\\x01ff',  E'a\\\\b'`,
    );
  });
});
