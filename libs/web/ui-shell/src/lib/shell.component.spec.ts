import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { beforeEach, describe, expect, it } from 'vitest';
import { ShellNavLink } from './shell-nav-link';
import { ShellComponent } from './shell.component';

@Component({ selector: 'kz-test-page', template: 'page', changeDetection: ChangeDetectionStrategy.OnPush })
class TestPageComponent {}

@Component({
  selector: 'kz-test-host',
  imports: [ShellComponent],
  template: `
    <kz-shell [productName]="name()" [links]="links">
      <p data-testid="projected">Page content</p>
    </kz-shell>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
class TestHostComponent {
  readonly name = signal('Kaizen Loop');
  readonly links: readonly ShellNavLink[] = [
    { path: '/', label: 'Home', testId: 'nav-home', exact: true },
    { path: '/health', label: 'System health', testId: 'nav-health' },
  ];
}

describe('ShellComponent', () => {
  let fixture: ComponentFixture<TestHostComponent>;
  let element: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [TestHostComponent],
      providers: [
        provideRouter([
          { path: '', component: TestPageComponent },
          { path: 'health', component: TestPageComponent },
        ]),
      ],
    });
    fixture = TestBed.createComponent(TestHostComponent);
    element = fixture.nativeElement;
    await fixture.whenStable();
  });

  const query = (selector: string) => element.querySelector<HTMLElement>(selector);
  const toggle = () => query('[data-testid="nav-toggle"]') as HTMLButtonElement;
  const menuOpen = () => query('.kz-shell')?.classList.contains('kz-shell--menu-open');

  it('shows the product name in the page banner', async () => {
    expect(query('header mat-toolbar [data-testid="product-name"]')?.textContent?.trim()).toBe('Kaizen Loop');

    fixture.componentInstance.name.set('Kaizen Loop (staging)');
    await fixture.whenStable();
    expect(query('[data-testid="product-name"]')?.textContent?.trim()).toBe('Kaizen Loop (staging)');
  });

  it('renders one link per entry inside the main navigation landmark', () => {
    const links = Array.from(element.querySelectorAll<HTMLAnchorElement>('nav[aria-label="Main"] li > a'));
    expect(links.map((link) => link.textContent?.trim())).toEqual(['Home', 'System health']);
    expect(links.map((link) => link.getAttribute('href'))).toEqual(['/', '/health']);
    expect(query('[data-testid="nav-health"]')).toBe(links[1]);
  });

  it('marks only the link of the current page', async () => {
    await TestBed.inject(Router).navigateByUrl('/health');
    await fixture.whenStable();

    expect(query('[data-testid="nav-health"]')?.getAttribute('aria-current')).toBe('page');
    expect(query('[data-testid="nav-health"]')?.classList).toContain('kz-shell__nav-link--active');
    expect(query('[data-testid="nav-home"]')?.hasAttribute('aria-current')).toBe(false);
  });

  it('projects the page into the main landmark', () => {
    expect(query('main#kz-main [data-testid="projected"]')?.textContent).toBe('Page content');
  });

  it('unfolds and folds the compact navigation with the menu button', async () => {
    expect(toggle().getAttribute('aria-controls')).toBe('kz-nav');
    expect(toggle().getAttribute('aria-expanded')).toBe('false');
    expect(menuOpen()).toBe(false);

    toggle().click();
    await fixture.whenStable();
    expect(toggle().getAttribute('aria-expanded')).toBe('true');
    expect(menuOpen()).toBe(true);

    toggle().click();
    await fixture.whenStable();
    expect(toggle().getAttribute('aria-expanded')).toBe('false');
    expect(menuOpen()).toBe(false);
  });

  it('folds the navigation after a link is chosen', async () => {
    toggle().click();
    await fixture.whenStable();

    query('[data-testid="nav-health"]')?.click();
    await fixture.whenStable();
    expect(menuOpen()).toBe(false);
    expect(TestBed.inject(Router).url).toBe('/health');
  });

  it('folds the navigation on Escape and returns focus to the menu button', async () => {
    toggle().click();
    await fixture.whenStable();

    query('[data-testid="nav-home"]')?.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }),
    );
    await fixture.whenStable();
    expect(menuOpen()).toBe(false);
    expect(document.activeElement).toBe(toggle());
  });

  it('moves focus to the main content from the skip link without navigating', async () => {
    const router = TestBed.inject(Router);
    query('.kz-skip-link')?.click();
    await fixture.whenStable();

    expect(document.activeElement).toBe(query('main#kz-main'));
    expect(router.url).toBe('/');
  });
});
