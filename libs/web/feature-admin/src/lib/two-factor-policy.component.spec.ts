import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TwoFactorPolicyComponent } from './two-factor-policy.component';
import { provideWebTesting, settle } from '@kaizen/web/ui-kit/testing';

describe('TwoFactorPolicyComponent', () => {
  let fixture: ComponentFixture<TwoFactorPolicyComponent>;
  let element: HTMLElement;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: provideWebTesting(),
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(TwoFactorPolicyComponent);
    element = fixture.nativeElement;
    fixture.detectChanges();
  });

  afterEach(() => http.verify());

  const checkbox = () => element.querySelector<HTMLInputElement>('[data-testid="two-factor-required"] input');
  const state = () => element.querySelector('[data-testid="two-factor-state"]')?.textContent?.trim();

  async function update(): Promise<void> {
    await settle();
    await fixture.whenStable();
  }

  it('shows whether the organisation requires it, and turns the requirement on', async () => {
    http.expectOne({ method: 'GET', url: '/api/organisation/two-factor-policy' }).flush({ required: false });
    await update();
    expect(element.querySelector('h2')?.textContent?.trim()).toBe('Two-factor sign-in');
    expect(checkbox()?.checked).toBe(false);
    expect(state()).toBe('Not required: each person chooses for themselves.');

    checkbox()?.click();
    await fixture.whenStable();
    const request = http.expectOne({ method: 'PUT', url: '/api/organisation/two-factor-policy' });
    expect(request.request.body).toEqual({ required: true });
    request.flush({ required: true });
    await update();
    expect(checkbox()?.checked).toBe(true);
    expect(state()).toContain('Required: members without a second factor set one up at their next sign-in.');
  });

  it('shows a refusal in words and keeps showing what is stored', async () => {
    http.expectOne({ method: 'GET', url: '/api/organisation/two-factor-policy' }).flush({ required: true });
    await update();
    checkbox()?.click();
    await fixture.whenStable();
    http
      .expectOne({ method: 'PUT', url: '/api/organisation/two-factor-policy' })
      .flush(
        { type: 'about:blank', title: 'Conflict', status: 409, detail: 'The policy was changed meanwhile' },
        { status: 409, statusText: 'Conflict' },
      );
    await update();
    expect(element.querySelector('[role="alert"]')?.textContent?.trim()).toBe(
      'The policy was changed meanwhile',
    );
    expect(checkbox()?.checked).toBe(true);
  });
});
