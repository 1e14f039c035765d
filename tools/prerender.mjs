// Build step (`nx run web:prerender`, after `nx run web:build`): renders the public pages ahead, once per language,
// from the build's server bundle, as `<page>/index.<language>.html` beside the app. The API (and the web image's
// nginx) serve such a copy in the visitor's language, and the browser hydrates it: its first paint needs no
// script. The build's own prerender has no request and so one language; hence this step.
// Also names the client-rendered shell `index.html` again (the build calls it index.csr.html once it has a server).
import Beasties from 'beasties';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = process.argv[2] ?? 'dist/apps/web';
/** Public, the same for everyone, and where most visits start. */
const pages = ['/sign-in'];
const languages = ['en', 'nl'];

const browser = join(dist, 'browser');
const shell = join(browser, 'index.csr.html');
if (existsSync(shell)) renameSync(shell, join(browser, 'index.html'));

// Angular writes each component's whole stylesheet into the page (Material's form field alone is 37 kB); the first
// paint needs only the rules that match it. The scripts bring the whole sheets again as the components start.
// The global stylesheet stays a file of its own (external: false): inlining it would take an onload script, which
// the Content-Security-Policy refuses.
const beasties = new Beasties({
  path: browser,
  external: false,
  reduceInlineStyles: true,
  keyframes: 'critical',
  inlineFonts: false,
  preload: false,
  logLevel: 'warn',
});

/**
 * apps/web/src/before-hydration.js, named by its content and run as soon as the page is parsed: it holds a form's
 * own submit until the app has taken the page over. Apart from it, a page holds no script but the app's own files
 * and data (the hydration state is application/json): the Content-Security-Policy (`script-src 'self'`) refuses
 * inline script.
 */
const beforeHydration = readFileSync(new URL('../apps/web/src/before-hydration.js', import.meta.url));
const beforeHydrationName = `before-hydration-${createHash('sha256').update(beforeHydration).digest('base64url').slice(0, 8)}.js`;
writeFileSync(join(browser, beforeHydrationName), beforeHydration);

function withBeforeHydration(html, page) {
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)(?![^>]*type="application\/json")[^>]*>/g)];
  if (inline.length > 0) throw new Error(`prerender: ${page} has inline script: ${inline[0][0]}`);
  return html.replace('</head>', `<script src="${beforeHydrationName}" defer></script></head>`);
}

const server = await import(pathToFileURL(join(dist, 'server/server.mjs')).href);
const template = readFileSync(join(dist, 'server/index.server.html'), 'utf8');
for (const page of pages) {
  mkdirSync(join(browser, page), { recursive: true });
  for (const language of languages) {
    const rendered = await server.renderPage(page, language, template);
    const html = await beasties.process(withBeforeHydration(rendered, page));
    if (!html.includes(` lang="${language}"`) || !html.includes(' ngh=')) {
      throw new Error(`prerender: ${page} in ${language} did not render for hydration`);
    }
    writeFileSync(join(browser, page, `index.${language}.html`), html);
    console.log(`prerendered ${page} (${language}): ${(html.length / 1024).toFixed(1)} kB`);
  }
}
