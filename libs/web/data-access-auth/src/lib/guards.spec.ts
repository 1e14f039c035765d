import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { permitted, safeReturnUrl, signedIn, signedOut } from './guards';
import { sessionInterceptor } from './session.interceptor';
import { SessionStore } from './session.store';

@Component({ selector: 'kz-page', template: 'page' })
class PageComponent {}

function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve));
}

describe('safeReturnUrl', () => {
  it.each([
    ['/people?tab=invitations', '/people?tab=invitations'],
    [null, '/'],
    ['', '/'],
    ['https://evil.example/', '/'],
    ['//evil.example/path', '/'],
    ['/\\evil.example', '/'],
    ['javascript:alert(1)', '/'],
  ])('keeps %s inside the app as %s', (value, expected) => {
    expect(safeReturnUrl(value)).toBe(expected);
  });
});

describe('route guards', () => {
  let router: Router;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([sessionInterceptor])),
        provideHttpClientTesting(),
        provideRouter([
          { path: '', component: PageComponent },
          { path: 'sign-in', component: PageComponent, canActivate: [signedOut] },
          { path: 'private', component: PageComponent, canActivate: [signedIn] },
          { path: 'audit', component: PageComponent, canActivate: [permitted('audit.read')] },
        ]),
      ],
    });
    router = TestBed.inject(Router);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  async function restoreAs(role: 'member' | 'org_admin' | null): Promise<void> {
    const restored = TestBed.inject(SessionStore).restore();
    const refresh = http.expectOne('/api/auth/refresh');
    if (role === null) {
      refresh.flush({ title: 'Unauthorized', status: 401 }, { status: 401, statusText: 'Unauthorized' });
    } else {
      refresh.flush({
        accessToken: 't',
        tokenType: 'Bearer',
        expiresIn: 600,
        organisationId: 'o',
        role,
        me: {
          userId: 'u',
          email: 'a@example.com',
          displayName: 'A',
          locale: 'en',
          organisationId: 'o',
          membershipId: 'm',
          role,
          leadsOrHeads: false,
          memberships: [{ organisationId: 'o', organisationName: 'O', role }],
        },
      });
    }
    await restored;
  }

  it('waits for the session to be restored, then lets a signed-in person in', async () => {
    const navigation = router.navigateByUrl('/private');
    await settle();
    await restoreAs('member');
    await navigation;
    expect(router.url).toBe('/private');
  });

  it('sends someone signed out to sign in, with the way back', async () => {
    await restoreAs(null);
    await router.navigateByUrl('/private?x=1');
    expect(router.url).toBe('/sign-in?returnUrl=%2Fprivate%3Fx%3D1');
  });

  it('sends someone signed in away from the sign-in page, to a safe return address', async () => {
    await restoreAs('member');
    await router.navigateByUrl('/sign-in?returnUrl=%2Fprivate');
    expect(router.url).toBe('/private');
    await router.navigateByUrl('/sign-in?returnUrl=%2F%2Fevil.example');
    expect(router.url).toBe('/');
  });

  it('checks the permission matrix: a member may not read the audit log, an admin may', async () => {
    await restoreAs('member');
    await router.navigateByUrl('/audit');
    expect(router.url).toBe('/');
  });

  it('lets an organisation admin read the audit log', async () => {
    await restoreAs('org_admin');
    await router.navigateByUrl('/audit');
    expect(router.url).toBe('/audit');
  });
});
