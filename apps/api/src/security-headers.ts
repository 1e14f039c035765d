import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The web app's policy: scripts only from our own origin (Angular's build emits no inline script once critical-CSS
 * inlining, whose `onload` handler is one, is off); inline styles stay allowed, since Angular adds component styles
 * as `<style>` elements at run time. No page of ours may be framed.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The policy of the API's own answers (JSON, problem details, exports): opened on their own they are documents that
 * need nothing, so nothing is allowed. 45 bytes where the web app's policy is 270, on each API call of a first load.
 * The API's documentation (Swagger UI, /api/docs) is a page with scripts and styles: it keeps the web app's policy.
 */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

function isApiAnswer(url: string): boolean {
  return /^\/api(\/|\?|$)/.test(url) && !/^\/api\/docs(\/|\?|$)/.test(url);
}

/**
 * Security headers on every response, API and web app alike. HSTS only when the request came over https (directly,
 * or through a trusted proxy's X-Forwarded-Proto), so plain-http development on 127.0.0.1 is not pinned to https.
 */
export function addSecurityHeaders(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  // A callback hook, not an async one: nothing here waits, and every request would pay for a promise.
  fastify.addHook('onRequest', (request, reply, done) => {
    setSecurityHeaders(request, reply);
    done();
  });
}

/**
 * The headers that govern a document (what it may load, run, frame or hand on as referrer, and its browsing
 * context group). A script, stylesheet or font of the web app is no document, and a first load fetches a few dozen
 * of them, each paying about 350 bytes for these over a slow network; nosniff and HSTS stay on every response.
 */
export const DOCUMENT_ONLY_HEADERS = [
  'content-security-policy',
  'referrer-policy',
  'x-frame-options',
  'cross-origin-opener-policy',
] as const;

/** Also called for the errors Fastify answers before any hook runs (a malformed URL). */
export function setSecurityHeaders(request: FastifyRequest, reply: FastifyReply): void {
  reply.header(
    'content-security-policy',
    isApiAnswer(request.url) ? API_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY,
  );
  reply.header('x-content-type-options', 'nosniff');
  // Invitation and reset links carry their token in the URL: never hand it on as a referrer.
  reply.header('referrer-policy', 'no-referrer');
  reply.header('x-frame-options', 'DENY');
  reply.header('cross-origin-opener-policy', 'same-origin');
  if (request.protocol === 'https')
    reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
}
