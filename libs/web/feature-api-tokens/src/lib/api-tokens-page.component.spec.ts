import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiTokenDto } from '@kaizen/web/data-access-api/api-tokens';
import { SessionStore } from '@kaizen/web/data-access-auth';
import { can, type Permission, type Role } from '@kaizen/shared/domain-access';
import { LanguageService } from '@kaizen/web/util-i18n';
import { provideI18nTesting } from '@kaizen/web/util-i18n/testing';
import { ApiTokensPageComponent } from './api-tokens-page.component';

const token: ApiTokenDto = {
  id: 't1',
  kind: 'organisation',
  name: 'Entra ID',
  scopes: ['scim.provision'],
  hint: 'kzl_…x9Qa',
  membershipId: 'm1',
  createdByName: 'Anna de Vries',
  rateLimitPerMinute: 600,
  status: 'active',
  expiresAt: '2027-03-01T10:00:00Z',
  lastUsedAt: null,
  revokedAt: null,
  createdAt: '2026-12-01T10:00:00Z',
};

async function render(role: Role, language: 'en' | 'nl') {
  TestBed.configureTestingModule({
    providers: [
      provideI18nTesting(language),
      provideHttpClient(),
      provideHttpClientTesting(),
      provideRouter([]),
      { provide: SessionStore, useValue: { role: signal(role), can: (p: Permission) => can(role, p) } },
    ],
  });
  await TestBed.inject(LanguageService).use(language);
  const http = TestBed.inject(HttpTestingController);
  const fixture = TestBed.createComponent(ApiTokensPageComponent);
  fixture.autoDetectChanges();
  return { http, fixture, element: fixture.nativeElement as HTMLElement };
}

describe('the API tokens page', () => {
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('shows an admin both lists, and a new token once, at the top of its list', async () => {
    const { http, fixture, element } = await render('org_admin', 'en');
    (await vi.waitFor(() => http.expectOne('/api/personal-tokens?limit=200'))).flush({
      items: [],
      nextCursor: null,
    });
    http.expectOne('/api/organisation-tokens?limit=200').flush({ items: [token], nextCursor: null });
    await fixture.whenStable();
    expect(element.querySelector('h1')?.textContent).toContain('API tokens');
    const organisation = element.querySelector('[data-testid="tokens-organisation"]');
    expect(organisation?.textContent).toContain('Entra ID');
    expect(organisation?.textContent).toContain('kzl_…x9Qa');
    expect(organisation?.textContent).toContain('made by Anna de Vries');

    // An admin may grant scim.provision, never tokens.manage.
    const labels = Array.from(element.querySelectorAll('kz-api-token-list:last-of-type mat-checkbox')).map(
      (c) => c.textContent?.trim(),
    );
    expect(labels).toContain('scim.provision');
    expect(labels).not.toContain('tokens.manage');

    const form = element.querySelector('kz-api-token-list:last-of-type') as HTMLElement;
    const input = form.querySelector('[data-testid="token-name"]') as HTMLInputElement;
    input.value = 'Reporting';
    input.dispatchEvent(new Event('input'));
    (form.querySelector('mat-checkbox input') as HTMLInputElement).click();
    (element.querySelector('[data-testid="create-token-organisation"]') as HTMLButtonElement).click();
    const create = await vi.waitFor(() => http.expectOne('/api/organisation-tokens'));
    expect(create.request.method).toBe('POST');
    expect(create.request.body).toMatchObject({ name: 'Reporting', expiresInDays: 90 });
    expect(create.request.body.scopes).toHaveLength(1);
    create.flush({ ...token, id: 't2', name: 'Reporting', token: 'kzl_secret' });
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="token-shown-organisation"]')?.textContent).toContain(
      'kzl_secret',
    );
    const names = Array.from(element.querySelectorAll('[data-testid="tokens-organisation"] h3')).map((h) =>
      h.textContent?.trim(),
    );
    expect(names).toEqual(['Reporting', 'Entra ID']);
  });

  it('shows a member only their own tokens, in Dutch, and revokes one', async () => {
    const { http, fixture, element } = await render('member', 'nl');
    (await vi.waitFor(() => http.expectOne('/api/personal-tokens?limit=200'))).flush({
      items: [{ ...token, kind: 'personal', scopes: ['experiments.read'], name: 'Mijn export' }],
      nextCursor: null,
    });
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="tokens-organisation"]')).toBeNull();
    expect(element.textContent).toContain('Mijn tokens');
    expect(element.textContent).toContain('nooit gebruikt');
    const labels = Array.from(element.querySelectorAll('mat-checkbox')).map((c) => c.textContent?.trim());
    expect(labels).not.toContain('audit.read');

    (
      Array.from(element.querySelectorAll('button')).find((b) =>
        b.textContent?.includes('Intrekken'),
      ) as HTMLButtonElement
    ).click();
    const revoke = await vi.waitFor(() => http.expectOne('/api/personal-tokens/t1'));
    expect(revoke.request.method).toBe('DELETE');
    revoke.flush(null);
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="tokens-personal"]')?.textContent).toContain('ingetrokken');
  });
});
