import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SsoSettingsComponent } from './sso-settings.component';
import { provideWebTesting, settle, testDom } from '@kaizen/web/ui-kit/testing';

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
  const { byTestId, type, errorOf } = testDom(() => element);

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: provideWebTesting(),
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SsoSettingsComponent);
    element = fixture.nativeElement;
    fixture.detectChanges();
  });

  afterEach(() => http.verify());

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
