import { configSchema, type AppConfig } from './config.schema';

export type ConfigResult = { ok: true; config: AppConfig } | { ok: false; problems: string[] };

type Environment = Record<string, string | undefined>;

/** Parses the environment; empty strings count as unset so `FOO=` in a shell behaves like no FOO. */
export function parseConfig(env: Environment): ConfigResult {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = configSchema.safeParse(present);
  if (result.success) return { ok: true, config: result.data };
  const problems = result.error.issues.map(
    (issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`,
  );
  return { ok: false, problems };
}

/** Boot-time entry: one line per problem on stderr, then a non-zero exit. */
export function loadConfigOrExit(env: Environment = process.env): AppConfig {
  const result = parseConfig(env);
  if (result.ok) return result.config;
  for (const problem of result.problems) process.stderr.write(`config error: ${problem}\n`);
  process.exit(78); // EX_CONFIG
}
