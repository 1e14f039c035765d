export interface WireCounter {
  /** The same database, reached through the proxy. */
  url(databaseUrl: string): string;
  /** Round trips so far: each ReadyForQuery the server sent. */
  count(): number;
  /** Round trips that began, ran in or ended an explicit transaction (not autocommit statements beside them). */
  countInTransactions(): number;
  /** Statements PostgreSQL was asked to parse (and plan): a named one is parsed once per connection. */
  countParses(): number;
  /** The extended-protocol statements `work` made the app send, with their bound values. */
  capture(work: () => Promise<void>): Promise<Array<[string, Array<string | null>]>>;
  close(): Promise<void>;
}

export function roundTripCounter(
  target: string,
  options?: { log?: (sql: string) => void },
): Promise<WireCounter>;
