// Fails when the committed client in src/generated differs from what ng-openapi-gen
// produces from openapi.json, so a changed API document cannot ship with a stale client.
// Run from the workspace root: node libs/web/data-access-api/check-client.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const config = 'libs/web/data-access-api/ng-openapi-gen.json';
const committed = 'libs/web/data-access-api/src/generated';
const generator = createRequire(import.meta.url).resolve('ng-openapi-gen/lib/index.js');
const fresh = mkdtempSync(join(tmpdir(), 'kz-client-'));

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

try {
  execFileSync(process.execPath, [generator, '-c', config, '-o', fresh], { stdio: 'inherit' });
  const expected = listFiles(fresh);
  const actual = listFiles(committed);
  const problems = [
    ...expected.filter((file) => !actual.includes(file)).map((file) => `missing: ${file}`),
    ...actual.filter((file) => !expected.includes(file)).map((file) => `not generated: ${file}`),
    ...expected
      .filter((file) => actual.includes(file))
      .filter(
        (file) => readFileSync(join(fresh, file), 'utf8') !== readFileSync(join(committed, file), 'utf8'),
      )
      .map((file) => `differs: ${file}`),
  ];
  if (problems.length > 0) {
    console.error(`The generated API client is stale (${committed}):\n  ${problems.join('\n  ')}`);
    console.error('Regenerate it with: npx nx run web-data-access-api:generate-client');
    process.exitCode = 1;
  } else {
    console.log(`The generated API client matches ${config}.`);
  }
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
