import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { afterEach, describe, expect, it } from 'vitest';
import type { Permission } from '@kaizen/shared/domain-access';
import { MemberDto } from '@kaizen/web/data-access-api';
import { SessionStore } from '@kaizen/web/data-access-auth';
import { provideI18nTesting } from '@kaizen/web/util-i18n/testing';
import { PeoplePageComponent } from './people-page.component';
import { settle } from '@kaizen/web/ui-kit/testing';

const member = (id: string, displayName: string, email: string): MemberDto => ({
  id,
  userId: `u-${id}`,
  displayName,
  email,
  role: 'member',
  status: 'active',
  joinedAt: '2026-01-01T00:00:00Z',
  teams: [],
  version: 1,
});
const sam = member('0193a000-0000-7000-8000-000000000002', 'Sam Jansen', 'sam@example.com');
const former = member('0193a000-0000-7000-8000-000000000003', 'Former member', 'erased-3@erased.invalid');

describe('PeoplePageComponent', () => {
  let fixture: ComponentFixture<PeoplePageComponent>;
  let element: HTMLElement;
  let http: HttpTestingController;

  /** The session is not under test: only which permissions the signed-in person has. */
  async function open(permissions: readonly Permission[]): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        provideI18nTesting(),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        {
          provide: SessionStore,
          useValue: {
            can: (permission: Permission) => permissions.includes(permission),
            organisation: signal({ organisationName: 'Zorggroep Noord' }),
          },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(PeoplePageComponent);
    element = fixture.nativeElement;
    fixture.detectChanges();
    http.expectOne((r) => r.url === '/api/members').flush({ items: [sam, former], nextCursor: null });
    if (permissions.includes('invitations.manage')) {
      http.expectOne((r) => r.url === '/api/invitations').flush({ items: [], nextCursor: null });
    }
    await update();
  }

  async function update(): Promise<void> {
    await settle();
    await fixture.whenStable();
  }

  afterEach(() => http.verify());

  const rows = () => Array.from(element.querySelectorAll<HTMLElement>('[data-testid="member"]'));
  const inRow = <T extends HTMLElement = HTMLElement>(row: HTMLElement, id: string): T => {
    const found = row.querySelector<T>(`[data-testid="${id}"]`);
    if (!found) throw new Error(`no element with data-testid="${id}"`);
    return found;
  };

  it('offers admins an export and erasure per member, named for screen readers, not for erased people', async () => {
    await open(['members.manage', 'invitations.manage']);
    const [samRow, formerRow] = rows();
    expect(inRow(samRow, 'member-export').getAttribute('aria-label')).toBe('Export their data: Sam Jansen');
    expect(inRow(samRow, 'member-erase').getAttribute('aria-label')).toBe('Erase… Sam Jansen');
    expect(formerRow.querySelector('[data-testid="member-export"]')).toBeNull();
    expect(formerRow.querySelector('[data-testid="member-erase"]')).toBeNull();
  });

  it('offers members no data-rights actions', async () => {
    await open([]);
    expect(element.querySelector('[data-testid="member-export"]')).toBeNull();
    expect(element.querySelector('[data-testid="member-erase"]')).toBeNull();
  });

  it('asks for a member’s export and says it is being prepared and where to download it', async () => {
    await open(['members.manage']);
    inRow<HTMLButtonElement>(rows()[0], 'member-export').click();
    await fixture.whenStable();
    const request = http.expectOne({ method: 'POST', url: `/api/members/${sam.id}/data-exports` });
    request.flush(
      {
        id: '0193a000-0000-7000-8000-0000000000e1',
        subjectMembershipId: sam.id,
        status: 'queued',
        progress: 0,
        size: null,
        createdAt: '2026-12-03T08:00:00.000Z',
        readyAt: null,
        expiresAt: '2026-12-04T08:00:00.000Z',
        downloadable: false,
      },
      { status: 201, statusText: 'Created' },
    );
    await update();
    const status = inRow(rows()[0], 'member-export-status');
    expect(status.getAttribute('role')).toBe('status');
    expect(status.textContent).toContain(
      'The export of Sam Jansen is being prepared. Only you can download it',
    );
    expect(status.querySelector('a')?.getAttribute('href')).toBe('/account/security');
  });

  it('shows a refused export in words', async () => {
    await open(['members.manage']);
    inRow<HTMLButtonElement>(rows()[0], 'member-export').click();
    await fixture.whenStable();
    http.expectOne({ method: 'POST', url: `/api/members/${sam.id}/data-exports` }).flush(
      {
        type: 'about:blank',
        title: 'Conflict',
        status: 409,
        detail: 'An export of this member is being prepared already',
      },
      { status: 409, statusText: 'Conflict' },
    );
    await update();
    expect(inRow(rows()[0], 'member-export-error').textContent?.trim()).toBe(
      'An export of this member is being prepared already',
    );
  });

  it('opens the erasure confirmation for the chosen member, and closes it on cancel', async () => {
    await open(['members.manage']);
    const erase = inRow<HTMLButtonElement>(rows()[0], 'member-erase');
    erase.click();
    await update();
    expect(erase.getAttribute('aria-expanded')).toBe('true');
    expect(inRow(rows()[0], 'erase-dialog').textContent).toContain('Erase Sam Jansen');
    inRow<HTMLButtonElement>(rows()[0], 'erase-cancel').click();
    await update();
    expect(element.querySelector('[data-testid="erase-dialog"]')).toBeNull();
  });
});
