import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { DeferBlockState, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionStore, sessionInterceptor } from '@kaizen/web/data-access-auth';
import { provideI18nTesting } from '@kaizen/web/util-i18n/testing';
import { AppComponent } from './app.component';
import { appRoutes } from './app.routes';
import { settle } from '@kaizen/web/ui-kit/testing';

const me = {
  userId: 'u',
  email: 'anna@example.com',
  displayName: 'Anna de Vries',
  locale: 'en',
  organisationId: 'org-1',
  membershipId: 'm',
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
      currency: 'EUR',
      timeZone: 'Europe/Amsterdam',
      role: 'member',
    },
  ],
};

describe('AppComponent', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [AppComponent],
      providers: [
        provideI18nTesting(),
        provideRouter(appRoutes),
        provideHttpClient(withInterceptors([sessionInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  async function restore(signedIn: boolean, role = 'org_admin'): Promise<void> {
    const restored = TestBed.inject(SessionStore).restore();
    const refresh = http.expectOne('/api/auth/refresh');
    if (signedIn) {
      refresh.flush({
        accessToken: 't',
        tokenType: 'Bearer',
        expiresIn: 600,
        organisationId: 'org-1',
        role,
        me: { ...me, role },
      });
    } else {
      refresh.flush({ status: 401, title: 'Unauthorized' }, { status: 401, statusText: 'Unauthorized' });
    }
    await restored;
  }

  it('frames the pages in the Kaizen Loop shell with a link home; system status is for admins only', async () => {
    const fixture = TestBed.createComponent(AppComponent);
    await restore(false);
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;

    expect(element.querySelector('[data-testid="product-name"]')?.textContent?.trim()).toBe('Kaizen Loop');
    expect(element.querySelector('[data-testid="nav-home"]')?.getAttribute('href')).toBe('/');
    expect(element.querySelector('[data-testid="nav-health"]')).toBeNull();
    expect(element.querySelector('[data-testid="nav-people"]')).toBeNull();
    expect(element.querySelector('[data-testid^="nav-group-"]')).toBeNull();
    expect(element.querySelector('[data-testid="nav-sign-in"]')?.textContent?.trim()).toBe('Sign in');
  });

  it('shows the signed-out pitch at the root and the lazily loaded health page at /health', async () => {
    const fixture = TestBed.createComponent(AppComponent);
    const router = TestBed.inject(Router);
    const element: HTMLElement = fixture.nativeElement;
    await restore(false);

    await router.navigateByUrl('/');
    await fixture.whenStable();
    expect(element.querySelector('main h1')?.textContent?.trim()).toBe('Welcome to Kaizen Loop');
    expect(element.querySelector('[data-testid="home-sign-up"]')?.getAttribute('href')).toBe('/sign-up');

    await router.navigateByUrl('/health');
    await fixture.whenStable();
    expect(element.querySelector('main h1')?.textContent?.trim()).toBe('System health');
    // Open to visitors, though only admins find it in the navigation.
    expect(element.querySelector('[data-testid="nav-health"]')).toBeNull();

    // The page asks the API for its health through the generated client.
    http.expectOne('/api/health');
    http.expectOne('/api/health/ready');
  });

  it('greets a signed-in person with their organisation and role, and lists People for them', async () => {
    const fixture = TestBed.createComponent(AppComponent);
    const router = TestBed.inject(Router);
    const element: HTMLElement = fixture.nativeElement;
    await restore(true);

    await router.navigateByUrl('/');
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="home-greeting"]')?.textContent?.trim()).toBe(
      'Hello, Anna de Vries',
    );
    expect(element.querySelector('[data-testid="home-membership"]')?.textContent?.trim()).toBe(
      'You are working in Zorggroep Noord as Organisation admin.',
    );
    expect(element.querySelector('[data-testid="account-name"]')?.textContent?.trim()).toBe('Anna de Vries');
    expect(element.querySelector('[data-testid="nav-people"]')?.getAttribute('href')).toBe('/people');
    expect(element.querySelector('[data-testid="nav-experiments"]')?.getAttribute('href')).toBe(
      '/experiments',
    );
    expect(element.querySelector('[data-testid="nav-admin"]')?.getAttribute('href')).toBe('/admin');
    // The pickers wait for an idle browser (their form field is not in the initial bundle).
    for (const block of await fixture.getDeferBlocks()) await block.render(DeferBlockState.Complete);
    expect(element.querySelector('[data-testid="organisation-switcher"]')).not.toBeNull();

    // The navigation in three sections, each link with its icon; system status for the admin.
    const sections = Array.from(element.querySelectorAll('nav[aria-label="Main"] ul')).map((list) => ({
      heading: element.querySelector(`#${list.getAttribute('aria-labelledby')}`)?.textContent?.trim(),
      links: Array.from(list.querySelectorAll('a')).map((link) => link.getAttribute('data-testid')),
    }));
    expect(sections).toEqual([
      {
        heading: 'Work',
        links: [
          'nav-home',
          'nav-experiments',
          'nav-approvals',
          'nav-reviews',
          'nav-notifications',
          'nav-security',
        ],
      },
      {
        heading: 'Learning',
        links: ['nav-lessons', 'nav-dashboards', 'nav-measures', 'nav-programmes', 'nav-scan'],
      },
      {
        heading: 'Organisation',
        links: ['nav-admin', 'nav-people', 'nav-webhooks', 'nav-api-tokens', 'nav-health'],
      },
    ]);
    expect(element.querySelectorAll('nav[aria-label="Main"] a svg[aria-hidden="true"]').length).toBe(16);
    expect(element.querySelector('[data-testid="nav-measures"]')?.getAttribute('href')).toBe('/measures');
    expect(element.querySelector('[data-testid="nav-measures"]')?.textContent?.trim()).toBe('Measures');

    // The bell in the header reads the unread count after the navigation.
    http.expectOne('/api/notifications/unread-count').flush({ count: 4 });
    await settle();
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="unread-badge"]')?.textContent?.trim()).toBe('4');
    expect(element.querySelector('[data-testid="toolbar-notifications"]')?.getAttribute('href')).toBe(
      '/notifications',
    );

    // Home lists the person's own experiments and, for someone who approves, the inbox.
    http
      .expectOne(
        (request) => request.url === '/api/experiments' && request.params.get('ownerId') === me.membershipId,
      )
      .flush({ items: [], nextCursor: null });
    http.expectOne((request) => request.url === '/api/approvals').flush({ items: [], nextCursor: null });
    await settle();
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="due-empty"]')?.textContent?.trim()).toBe(
      'Nothing is due from you right now.',
    );
    expect(element.querySelector('[data-testid="home-new-experiment"]')?.getAttribute('href')).toBe(
      '/experiments/new',
    );
  });

  it('leaves system status, administration and webhooks out of a member’s navigation', async () => {
    const fixture = TestBed.createComponent(AppComponent);
    const element: HTMLElement = fixture.nativeElement;
    await restore(true, 'member');
    await fixture.whenStable();
    http.match(() => true);

    const links = Array.from(element.querySelectorAll('nav[aria-label="Main"] a')).map((link) =>
      link.getAttribute('data-testid'),
    );
    expect(links).toContain('nav-experiments');
    expect(links).toContain('nav-measures');
    expect(links).not.toContain('nav-health');
    expect(links).not.toContain('nav-admin');
    expect(links).not.toContain('nav-webhooks');
    expect(links).not.toContain('nav-approvals');
    // Anyone may make personal tokens.
    expect(links).toContain('nav-api-tokens');
  });

  it('shows the bell after a fresh load of a page that does not wait for the session', async () => {
    const fixture = TestBed.createComponent(AppComponent);
    const router = TestBed.inject(Router);
    const element: HTMLElement = fixture.nativeElement;
    // A fresh load of /health: the page is shown while the refresh cookie is still being traded.
    const restored = TestBed.inject(SessionStore).restore();
    await router.navigateByUrl('/health');
    http.expectOne('/api/auth/refresh').flush({
      accessToken: 't',
      tokenType: 'Bearer',
      expiresIn: 600,
      organisationId: 'org-1',
      role: 'org_admin',
      me,
    });
    await restored;
    await settle();
    http.match((request) => request.url.startsWith('/api/health'));

    http.expectOne('/api/notifications/unread-count').flush({ count: 3 });
    await settle();
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="unread-badge"]')?.textContent?.trim()).toBe('3');
  });

  it('sends signed-out people from a signed-in page to sign in', async () => {
    const fixture = TestBed.createComponent(AppComponent);
    const router = TestBed.inject(Router);
    await restore(false);

    await router.navigateByUrl('/people');
    await fixture.whenStable();
    expect(router.url).toBe('/sign-in?returnUrl=%2Fpeople');
  });

  it('sends unknown addresses home', async () => {
    const fixture = TestBed.createComponent(AppComponent);
    const router = TestBed.inject(Router);
    await restore(false);

    await router.navigateByUrl('/no-such-page');
    await fixture.whenStable();
    expect(router.url).toBe('/');
  });
});
