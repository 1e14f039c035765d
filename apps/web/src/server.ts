// The build's server entry. Kaizen Loop serves no page from a Node server: the server bundle exists for
// tools/prerender.mjs, which renders the public pages ahead, once per language, at build time.
export { renderPage } from './main.server';
