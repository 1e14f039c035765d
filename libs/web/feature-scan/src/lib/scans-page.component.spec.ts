import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Permission } from '@kaizen/shared/domain-access';
import { SessionStore } from '@kaizen/web/data-access-auth';
import { provideWebTesting, settle, testDom } from '@kaizen/web/ui-kit/testing';
import { ScansPageComponent } from './scans-page.component';

const badRequest = (errors: { field: string; rule: string; message: string }[]) =>
  [
    { type: 'about:blank', title: 'Bad Request', status: 400, errors },
    { status: 400, statusText: 'Bad Request' },
  ] as const;

/** The admin's forms on the scan page: open a scan, set the anonymity threshold, add a statement. */
describe('ScansPageComponent', () => {
  let fixture: ComponentFixture<ScansPageComponent>;
  let element: HTMLElement;
  let http: HttpTestingController;
  const { byTestId, errorOf, find, type } = testDom(() => element);
  const permissions: readonly Permission[] = ['scans.answer', 'scans.manage', 'scans.results'];

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        ...provideWebTesting(),
        provideRouter([]),
        // The session is not under test: only which permissions the signed-in person has.
        { provide: SessionStore, useValue: { can: (p: Permission) => permissions.includes(p) } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ScansPageComponent);
    element = fixture.nativeElement;
    fixture.detectChanges();
    http.expectOne((r) => r.url === '/api/scans').flush({ items: [], nextCursor: null });
    http
      .expectOne((r) => r.url === '/api/departments')
      .flush({
        items: [{ id: 'd1', name: 'Zorg', parentId: null, archivedAt: null }],
        nextCursor: null,
      });
    http.expectOne('/api/scan-instrument').flush({ version: 1, statements: [] });
    http.expectOne('/api/scan-settings').flush({ floor: 3, minResponses: 5 });
    await update();
  });

  afterEach(() => http.verify());

  async function update(): Promise<void> {
    await settle();
    await fixture.whenStable();
    await settle();
  }

  async function click(testId: string): Promise<void> {
    byTestId<HTMLButtonElement>(testId).click();
    await update();
  }

  it('marks an untitled scan beside its title, moves focus there and calls nothing', async () => {
    await click('open-submit');
    expect(errorOf('open-title')).toBe('Give the scan a title of 3 to 200 characters.');
    expect(document.activeElement).toBe(byTestId('open-title'));
    http.expectNone({ method: 'POST', url: '/api/scans' });
  });

  it('opens a scan once however often it is clicked, and shows each refused field beside its control', async () => {
    type('open-title', 'Leercultuur najaar');
    byTestId<HTMLButtonElement>('open-submit').click();
    byTestId<HTMLButtonElement>('open-submit').click();
    await update();
    http.expectOne({ method: 'POST', url: '/api/scans' }).flush(
      ...badRequest([
        { field: 'title', rule: 'isLength', message: 'title must be longer than or equal to 3 characters' },
        { field: 'closesAt', rule: 'inFuture', message: 'closesAt must be in the future' },
      ]),
    );
    await update();
    expect(errorOf('open-title')).toBe('Give the scan a title of 3 to 200 characters.');
    expect(errorOf('open-closes')).toBe('Choose a moment in the future.');
  });

  it('says which departments were refused beside the departments', async () => {
    type('open-title', 'Leercultuur najaar');
    byTestId<HTMLInputElement>('scope-departments').click();
    await update();
    await click('open-submit');
    http
      .expectOne({ method: 'POST', url: '/api/scans' })
      .flush(...badRequest([{ field: 'departmentIds', rule: 'hasPeople', message: 'nobody to ask' }]));
    await update();
    expect(find('open-departments-error')?.textContent?.trim()).toBe(
      'Choose at least one department that has people in it.',
    );
  });

  it('keeps the threshold within its bounds beside the field, and shows a refusal there too', async () => {
    type('threshold', '2');
    await click('threshold-save');
    expect(errorOf('threshold')).toBe('Choose a whole number from 3 to 50.');
    expect(document.activeElement).toBe(byTestId('threshold'));
    http.expectNone({ method: 'PUT', url: '/api/scan-settings' });

    type('threshold', '7');
    await click('threshold-save');
    http
      .expectOne({ method: 'PUT', url: '/api/scan-settings' })
      .flush(...badRequest([{ field: 'minResponses', rule: 'max', message: 'too many' }]));
    await update();
    expect(errorOf('threshold')).toBe('Choose a whole number from 3 to 50.');
  });

  it('asks for both wordings of a statement, and shows each refused wording beside its field', async () => {
    await click('statement-submit');
    expect(errorOf('statement-en')).toBe('Write 10 to 300 characters.');
    expect(errorOf('statement-nl')).toBe('Write 10 to 300 characters.');
    expect(document.activeElement).toBe(byTestId('statement-en'));
    http.expectNone({ method: 'POST', url: '/api/scan-instrument/statements' });

    type('statement-en', 'We learn from what did not work.');
    type('statement-nl', 'We leren van wat niet werkte.');
    await click('statement-submit');
    http.expectOne({ method: 'POST', url: '/api/scan-instrument/statements' }).flush(
      ...badRequest([
        { field: 'en', rule: 'isLength', message: 'en must be longer than or equal to 10 characters' },
        { field: 'nl', rule: 'isLength', message: 'nl must be longer than or equal to 10 characters' },
      ]),
    );
    await update();
    expect(errorOf('statement-en')).toBe('Write 10 to 300 characters.');
    expect(errorOf('statement-nl')).toBe('Write 10 to 300 characters.');
  });
});
