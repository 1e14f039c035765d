export interface EmbeddedPostgres {
  /** URL of the product database, as the `postgres` superuser. */
  url: string;
  /** URL of the `postgres` maintenance database, for creating and dropping databases. */
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
}

export function startEmbeddedPostgres(
  dataDir: string,
  /** `throwaway`: the data is deleted afterwards, so PostgreSQL flushes nothing to disk (a test run's server). */
  options?: { port?: number; database?: string; throwaway?: boolean },
): Promise<EmbeddedPostgres>;
