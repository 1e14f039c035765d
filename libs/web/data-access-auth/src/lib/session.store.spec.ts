import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MeDto, SessionDto } from '@kaizen/web/data-access-api';
import { sessionInterceptor } from './session.interceptor';
import { SessionStore } from './session.store';

@Component({ selector: 'kz-blank', template: '' })
class BlankComponent {}

const adminSession: SessionDto = {
  accessToken: 'token-1',
  tokenType: 'Bearer',
  expiresIn: 600,
  organisationId: 'org-1',
  role: 'org_admin',
};

const me: MeDto = {
  userId: 'user-1',
  email: 'anna@example.com',
  displayName: 'Anna de Vries',
  locale: 'nl',
  organisationId: 'org-1',
  membershipId: 'membership-1',
  role: 'org_admin',
  leadsOrHeads: false,
  memberships: [
    {
      organisationId: 'org-1',
      organisationName: 'Zorggroep Noord',
      currency: 'EUR',
      timeZone: 'Europe/Amsterdam',
      role: 'org_admin',
    },
    {
      organisationId: 'org-2',
      organisationName: 'Buurtzorg Oost',
      currency: 'GBP',
      timeZone: 'Europe/Amsterdam',
      role: 'member',
    },
  ],
};

/** Lets the promise chain behind the store reach its next request. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve));
}

const unauthorized = { status: 401, statusText: 'Unauthorized' };
const problem = (detail: string) => ({ type: 'about:blank', title: 'Unauthorized', status: 401, detail });

describe('SessionStore with the session interceptor', () => {
  let store: SessionStore;
  let http: HttpTestingController;
  let client: HttpClient;
  let router: Router;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([sessionInterceptor])),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'sign-in', component: BlankComponent },
          { path: 'people', component: BlankComponent },
        ]),
      ],
    });
    store = TestBed.inject(SessionStore);
    http = TestBed.inject(HttpTestingController);
    client = TestBed.inject(HttpClient);
    router = TestBed.inject(Router);
  });

  afterEach(() => http.verify());

  async function signIn(): Promise<void> {
    const done = store.signIn({ email: me.email, password: 'correct horse battery' });
    http.expectOne('/api/auth/sign-in').flush(adminSession);
    await settle();
    http.expectOne('/api/auth/me').flush(me);
    await done;
  }

  it('restores a session from the refresh cookie: one refresh, whose answer says who it is', async () => {
    expect(store.status()).toBe('restoring');
    const restored = store.restore();
    const refresh = http.expectOne({ method: 'POST', url: '/api/auth/refresh' });
    expect(refresh.request.withCredentials).toBe(true);
    expect(refresh.request.headers.has('Authorization')).toBe(false);
    refresh.flush({ ...adminSession, me });
    await restored;
    // No second round trip before the first page can open.
    http.expectNone('/api/auth/me');
    expect(store.accessToken()).toBe('token-1');

    expect(store.status()).toBe('signedIn');
    expect(store.signedIn()).toBe(true);
    expect(store.me()?.displayName).toBe('Anna de Vries');
    expect(store.organisation()?.organisationName).toBe('Zorggroep Noord');
    expect(store.currency()).toBe('EUR');
    expect(store.role()).toBe('org_admin');

    // Only once, however often it is asked.
    await store.restore();
    http.expectNone('/api/auth/refresh');
  });

  it('ends up signed out, quietly, when there is no session to restore', async () => {
    const restored = store.restore();
    http.expectOne('/api/auth/refresh').flush(problem('No session: sign in'), unauthorized);
    await restored;

    expect(store.status()).toBe('signedOut');
    expect(store.accessToken()).toBeNull();
    expect(store.me()).toBeNull();
  });

  it('signs in, keeps the token in memory only, and answers can() from the permission matrix', async () => {
    await signIn();

    expect(store.accessToken()).toBe('token-1');
    expect(JSON.stringify({ ...localStorage })).not.toContain('token-1');
    expect(JSON.stringify({ ...sessionStorage })).not.toContain('token-1');
    expect(store.can('invitations.manage')).toBe(true);
    expect(store.can('members.read')).toBe(true);
  });

  it('gives a member no admin permissions, and nobody any when signed out', async () => {
    expect(store.can('members.read')).toBe(false);
    const done = store.signIn({ email: me.email, password: 'correct horse battery' });
    http.expectOne('/api/auth/sign-in').flush({ ...adminSession, role: 'member' });
    await settle();
    http.expectOne('/api/auth/me').flush({ ...me, role: 'member' });
    await done;

    expect(store.can('members.read')).toBe(true);
    expect(store.can('invitations.manage')).toBe(false);
    expect(store.can('audit.read')).toBe(false);
  });

  it('rejects a failed sign-in with the HTTP error and stays signed out', async () => {
    store.clear();
    const done = store.signIn({ email: me.email, password: 'wrong password' });
    http.expectOne('/api/auth/sign-in').flush(problem('The email or the password is wrong'), unauthorized);

    await expect(done).rejects.toMatchObject({ status: 401 });
    expect(store.status()).toBe('signedOut');
  });

  it('sends the bearer token to the API only, never to another origin', async () => {
    await signIn();

    void firstValueFrom(client.get('/api/members'));
    expect(http.expectOne('/api/members').request.headers.get('Authorization')).toBe('Bearer token-1');

    void firstValueFrom(client.get('https://elsewhere.example/api/members'));
    expect(http.expectOne('https://elsewhere.example/api/members').request.headers.has('Authorization')).toBe(
      false,
    );

    void firstValueFrom(client.get('/assets/logo.svg'));
    expect(http.expectOne('/assets/logo.svg').request.headers.has('Authorization')).toBe(false);
  });

  it('on a 401, refreshes once and retries the request with the new token', async () => {
    await signIn();
    const before = store.me();

    const result = firstValueFrom(client.get<string[]>('/api/members'));
    http.expectOne('/api/members').flush(problem('The access token has expired'), unauthorized);
    await settle();

    const refresh = http.expectOne({ method: 'POST', url: '/api/auth/refresh' });
    refresh.flush({ ...adminSession, accessToken: 'token-2', me });
    await settle();
    // The answer says who it is: no need to read `me` again.
    http.expectNone('/api/auth/me');

    const retry = http.expectOne('/api/members');
    expect(retry.request.headers.get('Authorization')).toBe('Bearer token-2');
    retry.flush(['Anna']);
    await expect(result).resolves.toEqual(['Anna']);
    expect(store.accessToken()).toBe('token-2');
    expect(store.status()).toBe('signedIn');
    // The same person: the same object, so nothing that reads it runs again.
    expect(store.me()).toBe(before);
  });

  it('shares one refresh between requests that fail at the same time (a refresh token works once)', async () => {
    await signIn();

    const first = firstValueFrom(client.get('/api/members'));
    const second = firstValueFrom(client.get('/api/teams'));
    http.expectOne('/api/members').flush(problem('expired'), unauthorized);
    http.expectOne('/api/teams').flush(problem('expired'), unauthorized);
    await settle();

    http.expectOne('/api/auth/refresh').flush({ ...adminSession, accessToken: 'token-2', me });
    await settle();
    for (const url of ['/api/members', '/api/teams']) {
      const retry = http.expectOne(url);
      expect(retry.request.headers.get('Authorization')).toBe('Bearer token-2');
      retry.flush([]);
    }
    await Promise.all([first, second]);
  });

  it('clears the session and sends the person to sign in, with the way back, when the refresh fails', async () => {
    await signIn();
    await router.navigateByUrl('/people');

    const result = firstValueFrom(client.get('/api/members'));
    http.expectOne('/api/members').flush(problem('expired'), unauthorized);
    await settle();
    http.expectOne('/api/auth/refresh').flush(problem('The session has ended: sign in again'), unauthorized);

    await expect(result).rejects.toMatchObject({ status: 401 });
    await settle();
    expect(store.status()).toBe('signedOut');
    expect(store.accessToken()).toBeNull();
    expect(router.url).toBe('/sign-in?returnUrl=%2Fpeople');
  });

  it('does not refresh for a 401 from sign-in itself, nor for anyone signed out', async () => {
    store.clear();
    const signInFailure = store.signIn({ email: me.email, password: 'nope' });
    http.expectOne('/api/auth/sign-in').flush(problem('wrong'), unauthorized);
    await expect(signInFailure).rejects.toMatchObject({ status: 401 });

    const anonymous = firstValueFrom(client.get('/api/members'));
    http.expectOne('/api/members').flush(problem('sign in'), unauthorized);
    await expect(anonymous).rejects.toMatchObject({ status: 401 });
    http.expectNone('/api/auth/refresh');
  });

  it('switches organisation and reads who it is there', async () => {
    await signIn();

    const done = store.switchOrganisation('org-2');
    const request = http.expectOne({ method: 'POST', url: '/api/auth/switch' });
    expect(request.request.body).toEqual({ organisationId: 'org-2' });
    expect(request.request.headers.get('Authorization')).toBe('Bearer token-1');
    request.flush({ ...adminSession, accessToken: 'token-3', organisationId: 'org-2', role: 'member' });
    await settle();
    http.expectOne('/api/auth/me').flush({ ...me, organisationId: 'org-2', role: 'member' });
    await done;

    expect(store.organisation()?.organisationName).toBe('Buurtzorg Oost');
    expect(store.currency()).toBe('GBP');
    expect(store.can('invitations.manage')).toBe(false);
  });

  it('signs out on the API and forgets the session, even when the API cannot be reached', async () => {
    await signIn();
    const done = store.signOut();
    const request = http.expectOne({ method: 'POST', url: '/api/auth/sign-out' });
    expect(request.request.withCredentials).toBe(true);
    request.error(new ProgressEvent('error'), { status: 0, statusText: 'Unknown Error' });
    await done;

    expect(store.status()).toBe('signedOut');
    expect(store.accessToken()).toBeNull();
  });

  it('accepts an invitation into a signed-in session', async () => {
    const done = store.acceptInvitation({
      token: 't'.repeat(32),
      password: 'correct horse battery',
      displayName: 'Sam',
    });
    const request = http.expectOne({ method: 'POST', url: '/api/auth/invitations/accept' });
    expect(request.request.headers.has('Authorization')).toBe(false);
    request.flush({ ...adminSession, role: 'member' });
    await answerMe({ ...me, displayName: 'Sam', role: 'member' });
    await done;

    expect(store.me()?.displayName).toBe('Sam');
    expect(store.role()).toBe('member');
  });

  async function answerMe(who: MeDto): Promise<void> {
    await settle();
    http.expectOne('/api/auth/me').flush(who);
  }

  it('ends the local session after a password reset, since the API ended them all', async () => {
    await signIn();
    const done = store.confirmPasswordReset('token-from-mail-xxxxxxxx', 'a new long password');
    http.expectOne('/api/auth/password-reset/confirm').flush(null, { status: 204, statusText: 'No Content' });
    await done;
    expect(store.status()).toBe('signedOut');
  });
});
