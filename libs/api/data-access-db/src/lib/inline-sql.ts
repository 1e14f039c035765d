import pg, { escapeLiteral } from 'pg';
import type { CompiledQuery } from 'kysely';

/** pg's own conversion of a parameter to its text form (`pg.utils`, not in its type declarations). */
const { prepareValue } = (pg as unknown as { utils: { prepareValue(value: unknown): unknown } }).utils;

/**
 * A compiled query with its parameters written in as literals, for the simple protocol, which can carry several
 * statements in one message but no parameters. pg sends parameters as untyped text, and a quoted literal is
 * untyped text too, so PostgreSQL resolves both alike; the text is pg's own (`prepareValue`).
 */
export function inlineSql(query: CompiledQuery): string {
  const values = query.parameters.map((value) => {
    const text = prepareValue(value);
    if (text === null || text === undefined) return 'NULL';
    if (Buffer.isBuffer(text)) return `'\\x${text.toString('hex')}'`;
    return escapeLiteral(String(text));
  });
  // $n outside quotes and identifiers: Kysely puts every value in a parameter, never in the text.
  return query.sql.replace(/("(?:[^"]|"")*"|'(?:[^']|'')*')|\$(\d+)/g, (match, quoted, index) =>
    quoted !== undefined ? quoted : values[Number(index) - 1],
  );
}
