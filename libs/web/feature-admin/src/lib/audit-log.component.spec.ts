import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AuditEventDto } from '@kaizen/web/data-access-api/operations';
import { provideI18nTesting } from '@kaizen/web/util-i18n/testing';
import { AuditLogComponent } from './audit-log.component';
import { settle } from '@kaizen/web/ui-kit/testing';

const resized: AuditEventDto = {
  id: '0193a000-0000-7000-8000-000000000001',
  occurredAt: '2026-12-03T09:15:00Z',
  action: 'envelope.resized',
  actorId: '0193a000-0000-7000-8000-0000000000aa',
  actorName: 'Anna de Vries',
  targetType: 'envelope',
  targetId: '0193a000-0000-7000-8000-0000000000ee',
  before: { id: 'e1', scopeName: 'Noord Dag', hoursBudget: 100, version: 1 },
  after: { id: 'e1', scopeName: 'Noord Dag', hoursBudget: 120, version: 2 },
  details: {},
  ip: '198.51.100.7',
};

describe('AuditLogComponent', () => {
  let fixture: ComponentFixture<AuditLogComponent>;
  let element: HTMLElement;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [AuditLogComponent],
      providers: [provideI18nTesting('nl'), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AuditLogComponent);
    element = fixture.nativeElement;
    fixture.detectChanges();
    http
      .expectOne((r) => r.url === '/api/audit-events' && !r.params.has('action'))
      .flush({ items: [resized], nextCursor: null });
    await settle();
    fixture.detectChanges();
  });

  it('shows each event by its label, who did it, from where, on what, and what changed', () => {
    const event = element.querySelector('[data-testid="audit-event"]')?.textContent ?? '';
    expect(element.querySelector('[data-testid="audit-action"]')?.textContent).toBe(
      'Budgetenvelop aangepast',
    );
    expect(element.querySelector('[data-testid="audit-actor"]')?.textContent).toBe('Anna de Vries');
    expect(event).toContain('198.51.100.7');
    expect(element.querySelector('[data-testid="audit-object"]')?.textContent).toContain('Budgetenvelop');
    const rows = Array.from(element.querySelectorAll('[data-testid="audit-diff"] tbody tr')).map((row) =>
      Array.from(row.children).map((cell) => cell.textContent?.trim()),
    );
    expect(rows).toEqual([['Urenbudget', '100', '120']]);
  });

  it('asks the API for what the filters select, and offers older events while there are more', async () => {
    const select = element.querySelector<HTMLSelectElement>('[data-testid="audit-filter-action"]');
    if (!select) throw new Error('no action filter');
    select.value = 'experiment.approved';
    select.dispatchEvent(new Event('change'));
    element.querySelector<HTMLButtonElement>('[data-testid="audit-filter-apply"]')?.click();
    const request = http.expectOne((r) => r.url === '/api/audit-events' && r.params.has('action'));
    expect(request.request.params.get('action')).toBe('experiment.approved');
    expect(request.request.params.has('actorId')).toBe(false);
    request.flush({ items: [], nextCursor: 'next-page' });
    await settle();
    fixture.detectChanges();
    expect(element.textContent).toContain('Nog niets vastgelegd.');

    element.querySelector<HTMLButtonElement>('[data-testid="audit-more"]')?.click();
    const more = http.expectOne(
      (r) => r.url === '/api/audit-events' && r.params.get('cursor') === 'next-page',
    );
    expect(more.request.params.get('action')).toBe('experiment.approved');
    more.flush({ items: [], nextCursor: null });
  });
});
