// The API's OpenAPI document is generated from its code; the web client is generated from the document.
//   node tools/openapi.mjs          regenerate both (after `nx run api:build`)
//   node tools/openapi.mjs --check  fail if either committed copy differs from a fresh one
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const documentPath = `${root}/libs/web/data-access-api/openapi.json`;
const fresh = execFileSync(process.execPath, [`${root}/dist/apps/api/openapi.js`], {
  cwd: root,
  encoding: 'utf8',
});

if (process.argv.includes('--check')) {
  if (readFileSync(documentPath, 'utf8') !== fresh) {
    console.error('libs/web/data-access-api/openapi.json differs from the document the API code produces.');
    console.error('Regenerate the document and the client with: npm run build && npm run openapi');
    process.exit(1);
  }
  console.log('The committed OpenAPI document matches the API code.');
  execFileSync(process.execPath, [`${root}/libs/web/data-access-api/check-client.mjs`], {
    cwd: root,
    stdio: 'inherit',
  });
} else {
  writeFileSync(documentPath, fresh);
  execFileSync('npx', ['ng-openapi-gen', '-c', 'libs/web/data-access-api/ng-openapi-gen.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  console.log('Regenerated libs/web/data-access-api/openapi.json and its client.');
}
