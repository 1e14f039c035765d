import { ComponentFixture, TestBed } from '@angular/core/testing';
import { HeartbeatDto } from '@kaizen/web/data-access-api';
import { beforeEach, describe, expect, it } from 'vitest';
import { provideI18nTesting } from '@kaizen/web/util-i18n/testing';
import { HeartbeatCardComponent } from './heartbeat-card.component';

const processed: HeartbeatDto = {
  id: '0193a5b2-7c4e-7d2a-9f10-1b2c3d4e5f60',
  backend: 'redis',
  requestedAt: '2025-11-22T10:00:00.000Z',
  processedAt: '2025-11-22T10:00:00.042Z',
  roundTripMs: 42,
};

describe('HeartbeatCardComponent', () => {
  beforeEach(() => TestBed.configureTestingModule({ providers: [provideI18nTesting()] }));

  let fixture: ComponentFixture<HeartbeatCardComponent>;
  let element: HTMLElement;

  beforeEach(async () => {
    fixture = TestBed.createComponent(HeartbeatCardComponent);
    element = fixture.nativeElement;
    await fixture.whenStable();
  });

  const button = () => element.querySelector('[data-testid="heartbeat-button"]') as HTMLButtonElement;
  const result = () => element.querySelector('[data-testid="heartbeat-result"]');

  async function set(
    inputs: Partial<{ result: HeartbeatDto | null; sending: boolean; error: string | null }>,
  ) {
    for (const [name, value] of Object.entries(inputs)) {
      fixture.componentRef.setInput(name, value);
    }
    await fixture.whenStable();
  }

  it('invites a first heartbeat and shows no result yet', () => {
    expect(button().textContent?.trim()).toBe('Send heartbeat');
    expect(button().disabled).toBe(false);
    expect(result()).toBeNull();
    expect(element.textContent).toContain('No heartbeat sent yet.');
  });

  it('emits send when the button is pressed', () => {
    let sent = 0;
    fixture.componentInstance.send.subscribe(() => sent++);
    button().click();
    expect(sent).toBe(1);
  });

  it('disables the button and says it is waiting while a heartbeat is under way', async () => {
    await set({ sending: true });
    expect(button().disabled).toBe(true);
    expect(element.textContent).toContain('Waiting for the worker');
    expect(result()).toBeNull();
  });

  it('shows the round trip and the backend of a processed heartbeat', async () => {
    await set({ result: processed });
    expect(result()?.textContent?.replace(/\s+/g, ' ').trim()).toBe('Round trip 42 ms through redis.');
  });

  it('says the worker did not answer in time when the heartbeat was not processed', async () => {
    await set({ result: { ...processed, backend: 'postgres', processedAt: null, roundTripMs: null } });
    expect(result()?.textContent).toContain('The worker did not answer in time');
    expect(result()?.textContent).toContain('postgres');
    expect(result()?.textContent).not.toMatch(/\d+ ms/);
  });

  it('shows an error in place of the result', async () => {
    await set({ result: processed, error: 'The API could not be reached.' });
    expect(result()?.textContent?.trim()).toBe('The API could not be reached.');
    expect(result()?.classList).toContain('kz-heartbeat__error');
  });
});
