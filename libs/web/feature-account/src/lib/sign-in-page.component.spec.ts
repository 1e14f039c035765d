import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { TranslateService } from '@kaizen/web/util-i18n';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sessionInterceptor } from '@kaizen/web/data-access-auth';
import { provideI18nTesting } from '@kaizen/web/util-i18n/testing';
import { SignInPageComponent } from './sign-in-page.component';
import { settle, testDom } from '@kaizen/web/ui-kit/testing';

@Component({ selector: 'kz-page', template: '' })
class PageComponent {}

describe('SignInPageComponent', () => {
  let fixture: ComponentFixture<SignInPageComponent>;
  let element: HTMLElement;
  let http: HttpTestingController;
  const { byTestId, type, errorOf } = testDom(() => element);

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideI18nTesting(),
        provideHttpClient(withInterceptors([sessionInterceptor])),
        provideHttpClientTesting(),
        provideRouter([
          { path: '', component: PageComponent },
          { path: 'people', component: PageComponent },
        ]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SignInPageComponent);
    element = fixture.nativeElement;
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  async function submit(): Promise<void> {
    byTestId<HTMLButtonElement>('submit').click();
    await fixture.whenStable();
  }

  it('labels every field, and says what is missing next to it without calling the API', async () => {
    const labels = Array.from(element.querySelectorAll('mat-label')).map((label) =>
      label.textContent?.trim(),
    );
    expect(labels).toEqual(['Email', 'Password', 'Organisation sign-in name']);
    expect(element.querySelector('h1')?.textContent?.trim()).toBe('Sign in to Kaizen Loop');

    type('email', 'not-an-email');
    await submit();

    expect(errorOf('email')).toBe('Enter an email address, like name@example.com.');
    expect(errorOf('password')).toBe('Fill this in.');
    http.expectNone('/api/auth/sign-in');
  });

  it('says why a single sign-on failed when the API sent the browser back with its rule', async () => {
    expect(element.querySelector('[data-testid="sso-error"]')).toBeNull();
    fixture.componentRef.setInput('sso', 'allowedDomain');
    await fixture.whenStable();
    expect(byTestId('sso-error').getAttribute('role')).toBe('alert');
    expect(byTestId('sso-error').textContent?.trim()).toBe(
      'Your e-mail address is not in a domain your organisation allows for single sign-on. Ask your admin.',
    );
    fixture.componentRef.setInput('sso', 'something-new');
    await fixture.whenStable();
    expect(byTestId('sso-error').textContent?.trim()).toBe(
      'Signing in with your organisation did not work. Please try again.',
    );
  });

  it('checks the organisation sign-in name before leaving for the provider', async () => {
    type('sso-slug', 'Not a name!');
    byTestId<HTMLButtonElement>('sso-submit').click();
    await fixture.whenStable();
    expect(errorOf('sso-slug')).toBe('This value is not valid.');
  });

  it('says that the organisation requires single sign-on when the password is refused for it', async () => {
    type('email', 'anna@example.com');
    type('password', 'a password');
    await submit();
    http.expectOne('/api/auth/sign-in').flush(
      {
        type: 'about:blank',
        title: 'Forbidden',
        status: 403,
        errors: [
          { field: 'password', rule: 'ssoRequired', message: 'Your organisation requires single sign-on' },
        ],
      },
      { status: 403, statusText: 'Forbidden' },
    );
    await settle();
    await fixture.whenStable();
    expect(errorOf('password')).toBe(
      'Your organisation requires single sign-on: use “Sign in with your organisation”.',
    );
  });

  it('shows wrong credentials in plain words, and is not busy any more', async () => {
    type('email', 'anna@example.com');
    type('password', 'wrong password');
    await submit();

    expect(byTestId<HTMLButtonElement>('submit').disabled).toBe(true);
    expect(byTestId('submit').textContent?.trim()).toBe('Signing in…');
    http.expectOne({ method: 'POST', url: '/api/auth/sign-in' }).flush(
      {
        type: 'about:blank',
        title: 'Unauthorized',
        status: 401,
        detail: 'The email or the password is wrong',
      },
      { status: 401, statusText: 'Unauthorized' },
    );
    await settle();
    await fixture.whenStable();

    const alert = byTestId('form-error');
    expect(alert?.getAttribute('role')).toBe('alert');
    expect(alert?.textContent?.trim()).toBe('The email or the password is wrong.');
    expect(byTestId<HTMLButtonElement>('submit').disabled).toBe(false);
  });

  it('says when to try again after too many attempts, in the current language', async () => {
    TestBed.inject(TranslateService).use('nl');
    type('email', 'anna@example.com');
    type('password', 'wrong password');
    await submit();
    http
      .expectOne('/api/auth/sign-in')
      .flush(
        { type: 'about:blank', title: 'Too Many Requests', status: 429 },
        { status: 429, statusText: 'Too Many Requests', headers: { 'Retry-After': '840' } },
      );
    await settle();
    await fixture.whenStable();

    expect(byTestId('form-error')?.textContent?.trim()).toBe(
      'Te veel pogingen. Probeer het over 14 minuten opnieuw.',
    );
  });

  it('puts an API field error next to its field', async () => {
    type('email', 'anna@example.com');
    type('password', 'x');
    await submit();
    http.expectOne('/api/auth/sign-in').flush(
      {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        errors: [{ field: 'email', rule: 'isEmail', message: 'email must be an email address' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    await fixture.whenStable();

    expect(errorOf('email')).toBe('Enter an email address, like name@example.com.');
    expect(element.querySelector('[data-testid="form-error"]')).toBeNull();
  });

  it('signs in and goes back to where the person was headed', async () => {
    fixture.componentRef.setInput('returnUrl', '/people');
    type('email', 'anna@example.com');
    type('password', 'correct horse battery');
    await submit();

    const request = http.expectOne('/api/auth/sign-in');
    expect(request.request.body).toEqual({ email: 'anna@example.com', password: 'correct horse battery' });
    request.flush({
      accessToken: 't',
      tokenType: 'Bearer',
      expiresIn: 600,
      organisationId: 'o',
      role: 'member',
    });
    await settle();
    http.expectOne('/api/auth/me').flush({
      userId: 'u',
      email: 'anna@example.com',
      displayName: 'Anna',
      locale: 'en',
      organisationId: 'o',
      membershipId: 'm',
      role: 'member',
      leadsOrHeads: false,
      memberships: [{ organisationId: 'o', organisationName: 'O', role: 'member' }],
    });
    await settle();
    await fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe('/people');
  });

  const me = {
    userId: 'u',
    email: 'anna@example.com',
    displayName: 'Anna',
    locale: 'en',
    organisationId: 'o',
    membershipId: 'm',
    role: 'member',
    leadsOrHeads: false,
    memberships: [{ organisationId: 'o', organisationName: 'O', role: 'member' }],
  };
  const session = {
    accessToken: 't',
    tokenType: 'Bearer',
    expiresIn: 600,
    organisationId: 'o',
    role: 'member',
  };

  async function passwordStep(twoFactor: 'verify' | 'enrol'): Promise<void> {
    type('email', 'anna@example.com');
    type('password', 'correct horse battery');
    await submit();
    http.expectOne('/api/auth/sign-in').flush({ twoFactor, challengeToken: 'c'.repeat(43), expiresIn: 300 });
    await settle();
    await fixture.whenStable();
  }

  it('asks for the code after the password when the account has a second factor, and then signs in', async () => {
    fixture.componentRef.setInput('returnUrl', '/people');
    await passwordStep('verify');
    expect(element.querySelector('h2')?.textContent?.trim()).toBe('Enter your sign-in code');
    expect(element.querySelector('[data-testid="password"]')).toBeNull();

    type('second-factor-code', '123 456');
    byTestId<HTMLButtonElement>('second-factor-submit').click();
    await fixture.whenStable();
    const request = http.expectOne('/api/auth/sign-in/second-factor');
    expect(request.request.body).toEqual({ challengeToken: 'c'.repeat(43), code: '123456' });
    request.flush(session);
    await settle();
    http.expectOne('/api/auth/me').flush(me);
    await settle();
    await fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe('/people');
  });

  it('says a wrong code in plain words, and takes a recovery code instead', async () => {
    await passwordStep('verify');
    type('second-factor-code', '000000');
    byTestId<HTMLButtonElement>('second-factor-submit').click();
    await fixture.whenStable();
    http
      .expectOne('/api/auth/sign-in/second-factor')
      .flush(
        { type: 'about:blank', title: 'Unauthorized', status: 401 },
        { status: 401, statusText: 'Unauthorized' },
      );
    await settle();
    await fixture.whenStable();
    expect(byTestId('form-error').textContent?.trim()).toBe(
      'That code is wrong or was used already. Wait for the next code and try again.',
    );

    byTestId<HTMLButtonElement>('toggle-recovery').click();
    await fixture.whenStable();
    expect(element.querySelector('mat-label')?.textContent?.trim()).toBe('Recovery code');
    type('second-factor-code', 'k7q2m-x9d4p');
    byTestId<HTMLButtonElement>('second-factor-submit').click();
    await fixture.whenStable();
    expect(http.expectOne('/api/auth/sign-in/second-factor').request.body).toEqual({
      challengeToken: 'c'.repeat(43),
      recoveryCode: 'k7q2m-x9d4p',
    });
  });

  it('walks a member through enrolment when the organisation requires it, and shows the recovery codes once', async () => {
    await passwordStep('enrol');
    expect(element.querySelector('h2')?.textContent?.trim()).toBe('Set up two-factor sign-in');
    byTestId<HTMLButtonElement>('enrol-start').click();
    await fixture.whenStable();
    http.expectOne('/api/auth/two-factor/enrolment').flush({
      secret: 'JBSWY3DPEHPK3PXP',
      otpauthUri: 'otpauth://totp/Kaizen%20Loop:anna?secret=JBSWY3DPEHPK3PXP',
    });
    await settle();
    await fixture.whenStable();
    expect(byTestId('totp-secret').textContent?.trim()).toBe('JBSWY3DPEHPK3PXP');

    type('second-factor-code', '654321');
    byTestId<HTMLButtonElement>('second-factor-submit').click();
    await fixture.whenStable();
    const codes = Array.from({ length: 10 }, (_, i) => `code${i}-abcde`);
    http.expectOne('/api/auth/sign-in/second-factor').flush({ ...session, recoveryCodes: codes });
    await settle();
    http.expectOne('/api/auth/me').flush(me);
    await settle();
    await fixture.whenStable();

    expect(byTestId('recovery-codes').querySelectorAll('li')).toHaveLength(10);
    byTestId<HTMLButtonElement>('continue').click();
    await settle();
    await fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/');
  });
});
