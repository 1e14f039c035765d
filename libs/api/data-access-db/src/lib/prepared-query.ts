import { CompiledQuery, type Compilable } from 'kysely';

const STAND_IN = '\u0000prepared-value:';

/**
 * A compiled query that PostgreSQL may keep parsed and planned on each connection, under `statementName`: its
 * text never changes, so parsing and planning it again on every request is work thrown away.
 */
export interface NamedCompiledQuery<R = unknown> extends CompiledQuery<R> {
  readonly statementName: string;
}

/** The statement name a query may be kept under on a connection, if it has one. */
export function statementNameOf(query: CompiledQuery): string | undefined {
  return (query as Partial<NamedCompiledQuery>).statementName;
}

let preparedCount = 0;

/**
 * A query whose shape never changes, built and compiled once, then run with new values: building and compiling
 * it with Kysely on every request was ~15 % of a detail read's CPU. `build` is given stand-ins for the values, and
 * each must reach the SQL as a parameter, unchanged; a value the building itself looks at (`$if(value)`,
 * `` `%${value}%` ``) cannot be a stand-in, and is refused when the query is first compiled. A stand-in is a string
 * whatever the value's type: an array or a number must reach the SQL as a parameter too, untouched.
 */
export class PreparedQuery<V extends Record<string, unknown>, R> {
  private prepared?: { sql: string; parameters: readonly unknown[]; slots: Array<[number, keyof V]> };
  private readonly statementName = `kaizen_prepared_${++preparedCount}`;

  constructor(private readonly build: (values: V) => Compilable<R>) {}

  /** The compiled query with these values bound, ready for `db.executeQuery`. */
  with(values: V): CompiledQuery<R> {
    const { sql, parameters, slots } = (this.prepared ??= this.prepare(Object.keys(values)));
    const bound = [...parameters];
    for (const [index, key] of slots) bound[index] = values[key];
    // The spread goes last: properties after a spread cost V8 a runtime call each.
    return Object.freeze({
      statementName: this.statementName,
      ...CompiledQuery.raw(sql, bound),
    }) as NamedCompiledQuery<R>;
  }

  private prepare(keys: Array<keyof V>): NonNullable<PreparedQuery<V, R>['prepared']> {
    const standIns = Object.fromEntries(keys.map((key) => [key, `${STAND_IN}${String(key)}`])) as V;
    const { sql, parameters } = this.build(standIns).compile();
    const slots: Array<[number, keyof V]> = [];
    parameters.forEach((parameter, index) => {
      if (typeof parameter !== 'string' || !parameter.includes(STAND_IN)) return;
      const key = keys.find((k) => parameter === standIns[k]);
      if (key === undefined) throw new Error(`a prepared value was changed while building: ${parameter}`);
      slots.push([index, key]);
    });
    if (sql.includes(STAND_IN)) throw new Error('a prepared value was written into the SQL text');
    const unused = keys.filter((key) => !slots.some(([, k]) => k === key));
    if (unused.length > 0) throw new Error(`prepared values that reach no parameter: ${unused.join(', ')}`);
    return { sql, parameters, slots };
  }
}
