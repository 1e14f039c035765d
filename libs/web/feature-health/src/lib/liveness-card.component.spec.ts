import { TestBed } from '@angular/core/testing';
import { LivenessDto } from '@kaizen/web/data-access-api';
import { beforeEach, describe, expect, it } from 'vitest';
import { provideI18nTesting } from '@kaizen/web/util-i18n/testing';
import { LivenessCardComponent } from './liveness-card.component';

describe('LivenessCardComponent', () => {
  beforeEach(() => TestBed.configureTestingModule({ providers: [provideI18nTesting()] }));

  async function render(liveness: LivenessDto): Promise<HTMLElement> {
    const fixture = TestBed.createComponent(LivenessCardComponent);
    fixture.componentRef.setInput('liveness', liveness);
    await fixture.whenStable();
    return fixture.nativeElement;
  }

  const text = (element: HTMLElement, testId: string) =>
    element.querySelector(`[data-testid="${testId}"]`)?.textContent?.trim();

  it('shows the status, the version and a readable uptime', async () => {
    const element = await render({ status: 'ok', version: '1.4.2', uptimeSeconds: 7_505.8 });

    expect(element.querySelector('h2')?.textContent?.trim()).toBe('API');
    expect(text(element, 'liveness-status')).toBe('ok');
    expect(text(element, 'api-version')).toBe('1.4.2');
    expect(text(element, 'api-uptime')).toBe('2 h 5 min');
  });

  it('follows a new liveness value', async () => {
    const fixture = TestBed.createComponent(LivenessCardComponent);
    fixture.componentRef.setInput('liveness', { status: 'ok', version: '1.0.0', uptimeSeconds: 5 });
    await fixture.whenStable();
    fixture.componentRef.setInput('liveness', { status: 'ok', version: '1.0.1', uptimeSeconds: 65 });
    await fixture.whenStable();

    expect(text(fixture.nativeElement, 'api-version')).toBe('1.0.1');
    expect(text(fixture.nativeElement, 'api-uptime')).toBe('1 min 5 s');
  });
});
