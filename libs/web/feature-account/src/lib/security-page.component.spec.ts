import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sessionInterceptor } from '@kaizen/web/data-access-auth';
import { provideI18nTesting } from '@kaizen/web/util-i18n/testing';
import { SecurityPageComponent } from './security-page.component';
import { settle, testDom } from '@kaizen/web/ui-kit/testing';

const off = { enabled: false, enabledAt: null, recoveryCodesLeft: 0, requiredByOrganisation: true };
const exportRow = (status: string, progress: number) => ({
  id: '0193a000-0000-7000-8000-000000000001',
  subjectMembershipId: 'm',
  status,
  progress,
  size: status === 'ready' ? 1234 : null,
  createdAt: '2026-12-03T08:00:00.000Z',
  readyAt: status === 'ready' ? '2026-12-03T08:01:00.000Z' : null,
  expiresAt: '2026-12-04T08:01:00.000Z',
  downloadable: status === 'ready',
});

describe('SecurityPageComponent', () => {
  let fixture: ComponentFixture<SecurityPageComponent>;
  let element: HTMLElement;
  let http: HttpTestingController;
  const { byTestId } = testDom(() => element);

  async function load(exports: unknown[]): Promise<void> {
    http.expectOne('/api/account/two-factor').flush(off);
    http.expectOne((r) => r.url === '/api/account/data-exports').flush({ items: exports, nextCursor: null });
    await settle();
    await fixture.whenStable();
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideI18nTesting(),
        provideHttpClient(withInterceptors([sessionInterceptor])),
        provideHttpClientTesting(),
        provideRouter([]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SecurityPageComponent);
    element = fixture.nativeElement;
    fixture.detectChanges();
  });

  afterEach(() => {
    fixture.destroy();
    http.verify();
  });

  it('sets up two-factor sign-in: the secret once, a first code, then the recovery codes', async () => {
    await load([]);
    expect(byTestId('two-factor-off').textContent).toContain('Off');
    expect(element.textContent).toContain('Your organisation requires two-factor sign-in');

    byTestId<HTMLButtonElement>('enrol-start').click();
    http.expectOne({ method: 'POST', url: '/api/account/two-factor/enrolment' }).flush({
      secret: 'JBSWY3DPEHPK3PXP',
      otpauthUri: 'otpauth://totp/Kaizen%20Loop:anna?secret=JBSWY3DPEHPK3PXP',
    });
    await settle();
    await fixture.whenStable();
    expect(byTestId('totp-secret').textContent?.trim()).toBe('JBSWY3DPEHPK3PXP');

    const code = byTestId<HTMLInputElement>('enrol-code');
    code.value = '123456';
    code.dispatchEvent(new Event('input'));
    byTestId<HTMLButtonElement>('enrol-confirm').click();
    await fixture.whenStable();
    const confirm = http.expectOne('/api/account/two-factor/enrolment/confirm');
    expect(confirm.request.body).toEqual({ code: '123456' });
    confirm.flush({ recoveryCodes: Array.from({ length: 10 }, (_, i) => `abcde-fghi${i}`) });
    await settle();
    http
      .expectOne('/api/account/two-factor')
      .flush({ ...off, enabled: true, enabledAt: '2026-12-03T08:00:00.000Z', recoveryCodesLeft: 10 });
    await settle();
    await fixture.whenStable();

    expect(byTestId('recovery-codes').querySelectorAll('li')).toHaveLength(10);
    expect(byTestId('two-factor-on').textContent).toContain('Recovery codes left: 10');
    expect(element.querySelector('[data-testid="totp-secret"]')).toBeNull();
  });

  it('shows an export being prepared with its progress, then its download', async () => {
    await load([exportRow('running', 40)]);
    const progress = element.querySelector('progress');
    expect(progress?.value).toBe(40);
    expect(element.textContent).toContain('Preparing: 40%');

    // The page asks again while the export is being prepared: wait for that request, not for a fixed time.
    let again = http.match((r) => r.url === '/api/account/data-exports');
    while (again.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      again = http.match((r) => r.url === '/api/account/data-exports');
    }
    again[0].flush({ items: [exportRow('ready', 100)], nextCursor: null });
    await settle();
    await fixture.whenStable();
    expect(byTestId('export-download').textContent?.trim()).toBe('Download ZIP');
  });
});
