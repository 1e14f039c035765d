import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { provideI18nTesting } from '@kaizen/web/util-i18n/testing';
import { StatusChipComponent } from './status-chip.component';

@Component({
  selector: 'kz-test-host',
  imports: [StatusChipComponent],
  template: `<kz-status-chip [good]="good()"
    ><span data-testid="label">{{ label() }}</span></kz-status-chip
  >`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
class TestHostComponent {
  readonly good = signal(true);
  readonly label = signal('up');
}

describe('StatusChipComponent', () => {
  beforeEach(() => TestBed.configureTestingModule({ providers: [provideI18nTesting()] }));

  it('shows the projected label and marks a bad state for styling', async () => {
    const fixture = TestBed.createComponent(TestHostComponent);
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;
    const chip = element.querySelector('mat-chip') as HTMLElement;

    expect(element.querySelector('[data-testid="label"]')?.textContent).toBe('up');
    expect(chip.classList).not.toContain('kz-status-chip--bad');
    // The icon is decoration; the text carries the meaning for assistive technology.
    expect(chip.querySelector('svg')?.getAttribute('aria-hidden')).toBe('true');

    fixture.componentInstance.good.set(false);
    fixture.componentInstance.label.set('down');
    await fixture.whenStable();

    expect(element.querySelector('[data-testid="label"]')?.textContent).toBe('down');
    expect(chip.classList).toContain('kz-status-chip--bad');
  });
});
