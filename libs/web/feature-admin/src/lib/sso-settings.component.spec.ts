import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { provideI18nTesting } from '@kaizen/web/util-i18n/testing';
import { SsoSettingsComponent } from './sso-settings.component';

function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve));
}

const saved = {
  slug: 'zorg-noord',
  issuer: 'https://login.zorg-noord.nl/realms/staff',
  clientId: 'kaizen-loop',
  clientSecretSet: true,
  allowedDomains: ['zorg-noord.nl', 'zorgnoord.com'],
  defaultRole: 'member',
  required: false,
  breakGlassMembershipId: null,
  redirectUri: 'https://kaizen.example/api/auth/sso/callback',
  version: 1,
};

describe('SsoSettingsComponent', () => {
  let fixture: ComponentFixture<SsoSettingsComponent>;
  let element: HTMLElement;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [provideI18nTesting(), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SsoSettingsComponent);
    element = fixture.nativeElement;
    fixture.detectChanges();
  });

  afterEach(() => http.verify());

  const byTestId = <T extends HTMLElement = HTMLElement>(id: string): T => {
    const found = element.querySelector<T>(`[data-testid="${id}"]`);
    if (!found) throw new Error(`no element with data-testid="${id}"`);
    return found;
  };

  function type(id: string, value: string): void {
    const input = byTestId<HTMLInputElement>(id);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  const errorOf = (id: string) =>
    byTestId(id).closest('mat-form-field')?.querySelector('mat-error')?.textContent?.trim() ?? null;

  async function answer(url: string, body: object): Promise<void> {
    http.expectOne(url).flush(body);
    await settle();
    await fixture.whenStable();
  }

  it('starts empty when none is configured, and sends the settings with the domains as a list', async () => {
    await answer('/api/organisation/sso', { settings: null });
    expect(element.querySelector('h2')?.textContent?.trim()).toBe('Single sign-on (OpenID Connect)');
    expect(element.querySelector('[data-testid="sso-remove"]')).toBeNull();

    type('sso-slug', 'zorg-noord');
    type('sso-issuer', 'https://login.zorg-noord.nl/realms/staff');
    type('sso-client-id', 'kaizen-loop');
    type('sso-client-secret', 's3cret');
    type('sso-domains', 'zorg-noord.nl, zorgnoord.com');
    byTestId<HTMLButtonElement>('sso-submit').click();
    await fixture.whenStable();

    const request = http.expectOne({ method: 'PUT', url: '/api/organisation/sso' });
    expect(request.request.body).toEqual({
      slug: 'zorg-noord',
      issuer: 'https://login.zorg-noord.nl/realms/staff',
      clientId: 'kaizen-loop',
      clientSecret: 's3cret',
      allowedDomains: ['zorg-noord.nl', 'zorgnoord.com'],
      defaultRole: 'member',
      required: false,
      breakGlassMembershipId: null,
    });
    request.flush(saved);
    await settle();
    await fixture.whenStable();
    expect(byTestId('sso-redirect-uri').textContent).toContain(saved.redirectUri);
    expect(byTestId<HTMLInputElement>('sso-client-secret').value).toBe('');
    expect(element.querySelector('[role="status"]')?.textContent?.trim()).toBe('Single sign-on is saved.');
  });

  it('shows the stored settings without a secret, and keeps the secret when the field stays empty', async () => {
    await answer('/api/organisation/sso', { settings: saved });
    expect(byTestId<HTMLInputElement>('sso-domains').value).toBe('zorg-noord.nl, zorgnoord.com');
    expect(byTestId<HTMLInputElement>('sso-client-secret').value).toBe('');
    byTestId<HTMLButtonElement>('sso-submit').click();
    await fixture.whenStable();
    const request = http.expectOne({ method: 'PUT', url: '/api/organisation/sso' });
    expect(request.request.body).not.toHaveProperty('clientSecret');
    request.flush(saved);
  });

  it('puts the API’s refusal of the issuer next to the issuer field', async () => {
    await answer('/api/organisation/sso', { settings: saved });
    byTestId<HTMLButtonElement>('sso-submit').click();
    await fixture.whenStable();
    http.expectOne({ method: 'PUT', url: '/api/organisation/sso' }).flush(
      {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        errors: [
          {
            field: 'issuer',
            rule: 'discoverable',
            message: 'issuer has no OpenID discovery document that names it',
          },
        ],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    await fixture.whenStable();
    expect(errorOf('sso-issuer')).toBe('issuer has no OpenID discovery document that names it');
  });
});
