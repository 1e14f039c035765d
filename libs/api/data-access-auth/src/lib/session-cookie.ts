import '@fastify/cookie'; // adds setCookie and clearCookie to FastifyReply
import type { FastifyReply } from 'fastify';
import type { IssuedSession } from './session.service';

/** The refresh token lives only in this cookie, sent only to the auth routes. */
export const REFRESH_COOKIE = 'kz_refresh';
export const REFRESH_COOKIE_PATH = '/api/auth';

/** Hands the refresh token to the browser; the same cookie whichever way the person signed in. */
export function setRefreshCookie(reply: FastifyReply, issued: IssuedSession, secure: boolean): void {
  reply.setCookie(REFRESH_COOKIE, issued.refreshToken, {
    httpOnly: true,
    secure,
    sameSite: 'strict',
    path: REFRESH_COOKIE_PATH,
    expires: issued.refreshExpiresAt,
  });
}
