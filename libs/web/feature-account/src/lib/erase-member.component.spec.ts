import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemberDto } from '@kaizen/web/data-access-api';
import { EraseMemberComponent } from './erase-member.component';
import { provideWebTesting, settle, testDom } from '@kaizen/web/ui-kit/testing';

const sam: MemberDto = {
  id: '0193a000-0000-7000-8000-000000000002',
  userId: 'u-2',
  displayName: 'Sam Jansen',
  email: 'sam@example.com',
  role: 'member',
  status: 'active',
  joinedAt: '2026-01-01T00:00:00Z',
  teams: [],
  version: 1,
};
const url = `/api/members/${sam.id}/erasure`;

describe('EraseMemberComponent', () => {
  let fixture: ComponentFixture<EraseMemberComponent>;
  let element: HTMLElement;
  let http: HttpTestingController;
  let erased: MemberDto[];
  const { byTestId } = testDom(() => element);

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: provideWebTesting(),
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(EraseMemberComponent);
    fixture.componentRef.setInput('member', sam);
    erased = [];
    fixture.componentInstance.erased.subscribe((member) => erased.push(member));
    element = fixture.nativeElement;
    fixture.detectChanges();
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  const confirmButton = () => byTestId<HTMLButtonElement>('erase-confirm');

  async function type(value: string): Promise<void> {
    const input = byTestId<HTMLInputElement>('erase-confirm-name');
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();
  }

  async function confirm(): Promise<void> {
    await type('Sam Jansen');
    confirmButton().click();
    await fixture.whenStable();
  }

  async function refuse(detail: string): Promise<void> {
    // The operation answers nothing (responseType 'text'), so the problem arrives as text.
    http
      .expectOne({ method: 'POST', url })
      .flush(JSON.stringify({ type: 'about:blank', title: 'Conflict', status: 409, detail }), {
        status: 409,
        statusText: 'Conflict',
      });
    await settle();
    await fixture.whenStable();
  }

  it('explains that erasure cannot be undone and what stays, as a labelled alert dialog', () => {
    const dialog = byTestId('erase-dialog');
    expect(dialog.getAttribute('role')).toBe('alertdialog');
    expect(dialog.querySelector('h3')?.textContent?.trim()).toBe('Erase Sam Jansen');
    expect(dialog.textContent).toContain('This cannot be undone.');
    expect(dialog.textContent).toContain('“Former member”');
    expect(dialog.querySelector('mat-label')?.textContent?.trim()).toBe('Type “Sam Jansen” to confirm');
  });

  it('keeps the erase button disabled until the typed name matches', async () => {
    expect(confirmButton().disabled).toBe(true);
    await type('Sam');
    expect(confirmButton().disabled).toBe(true);
    await type('Sam Janssen');
    expect(confirmButton().disabled).toBe(true);
    await type('  sam   jansen ');
    expect(confirmButton().disabled).toBe(false);
  });

  it('sends the typed name, re-reads the members and reports the erasure', async () => {
    await confirm();
    const request = http.expectOne({ method: 'POST', url });
    expect(request.request.body).toEqual({ confirmName: 'Sam Jansen' });
    request.flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    http
      .expectOne((r) => r.method === 'GET' && r.url === '/api/members')
      .flush({ items: [{ ...sam, displayName: 'Former member', status: 'deactivated' }], nextCursor: null });
    await settle();
    await fixture.whenStable();
    expect(erased).toEqual([sam]);
  });

  it('says in words why the last admin cannot be erased', async () => {
    await confirm();
    await refuse('The organisation must keep at least one active admin');
    expect(byTestId('erase-error').textContent?.trim()).toBe(
      'This person is the organisation’s last active admin and cannot be erased. Make someone else admin first.',
    );
    expect(erased).toEqual([]);
  });

  it('says in words why a member of another organisation cannot be erased', async () => {
    await confirm();
    await refuse(
      'This account also belongs to another organisation: it can be deactivated here, and erased once it is in this organisation only',
    );
    expect(byTestId('erase-error').textContent?.trim()).toBe(
      'This account also belongs to another organisation, so it cannot be erased yet. Deactivate it here instead.',
    );
  });
});
