import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { ComponentFixture, DeferBlockState, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { TranslateService } from '@kaizen/web/util-i18n';
import { beforeEach, describe, expect, it } from 'vitest';
import { provideI18nTesting } from '@kaizen/web/util-i18n/testing';
import { ShellAccount } from './shell-account';
import { ShellNavLink } from './shell-nav-link';
import { ShellComponent } from './shell.component';

@Component({ selector: 'kz-test-page', template: 'page', changeDetection: ChangeDetectionStrategy.OnPush })
class TestPageComponent {}

@Component({
  selector: 'kz-test-host',
  imports: [ShellComponent],
  template: `
    <kz-shell
      [productName]="name()"
      [links]="links()"
      [account]="account()"
      [sessionPending]="pending()"
      [organisations]="organisations()"
      [language]="language()"
      [languages]="languages"
      [unread]="unread()"
      (signOut)="signOuts = signOuts + 1"
      (organisationChange)="switchedTo.push($event)"
      (languageChange)="languageChosen.push($event)"
    >
      <p data-testid="projected">Page content</p>
    </kz-shell>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
class TestHostComponent {
  readonly name = signal('Kaizen Loop');
  readonly links = signal<readonly ShellNavLink[]>([
    { path: '/', label: 'Home', testId: 'nav-home', exact: true },
    { path: '/health', label: 'nav.health', testId: 'nav-health' },
  ]);
  readonly account = signal<ShellAccount | null>(null);
  readonly pending = signal(false);
  readonly unread = signal<number | null>(null);
  readonly organisations = signal([
    { id: 'org-1', name: 'Zorggroep Noord' },
    { id: 'org-2', name: 'Buurtzorg Oost' },
  ]);
  readonly language = signal('en');
  readonly languages = [
    { code: 'en', label: 'English' },
    { code: 'nl', label: 'Nederlands' },
  ];
  signOuts = 0;
  readonly switchedTo: string[] = [];
  readonly languageChosen: string[] = [];
}

const anna: ShellAccount = {
  displayName: 'Anna de Vries',
  email: 'anna@example.com',
  role: 'org_admin',
  organisationId: 'org-1',
  organisationName: 'Zorggroep Noord',
};

describe('ShellComponent', () => {
  let fixture: ComponentFixture<TestHostComponent>;
  let element: HTMLElement;

  beforeEach(async () => {
    // The pickers wait to be on screen; jsdom has no IntersectionObserver to tell, so one that never
    // reports stands in (the specs render the pickers themselves).
    globalThis.IntersectionObserver ??= class {
      readonly observe = () => undefined;
      readonly unobserve = () => undefined;
      readonly disconnect = () => undefined;
      readonly takeRecords = () => [];
    } as unknown as typeof IntersectionObserver;
    TestBed.configureTestingModule({
      imports: [TestHostComponent],
      providers: [
        provideI18nTesting(),
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
  /** The pickers are deferred until they are on screen; render them as a shown menu would. */
  const renderDeferred = async () => {
    for (const block of await fixture.getDeferBlocks()) await block.render(DeferBlockState.Complete);
    await fixture.whenStable();
  };
  const toggle = () => query('[data-testid="nav-toggle"]') as HTMLButtonElement;
  const menuOpen = () => query('.kz-shell')?.classList.contains('kz-shell--menu-open');

  it('shows the product name in the page banner', async () => {
    expect(query('header .kz-shell__toolbar [data-testid="product-name"]')?.textContent?.trim()).toBe(
      'Kaizen Loop',
    );

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

  it('lists grouped links under a heading per section, ungrouped ones first, each with its icon', async () => {
    fixture.componentInstance.links.set([
      { path: '/', label: 'Home', testId: 'nav-home', exact: true },
      { path: '/health', label: 'nav.health', testId: 'nav-health', group: 'organisation', icon: 'health' },
      { path: '/lessons', label: 'nav.lessons', testId: 'nav-lessons', group: 'learning', icon: 'lessons' },
      {
        path: '/experiments',
        label: 'nav.experiments',
        testId: 'nav-experiments',
        group: 'work',
        icon: 'experiments',
      },
    ]);
    await fixture.whenStable();

    const lists = Array.from(element.querySelectorAll<HTMLUListElement>('nav[aria-label="Main"] ul'));
    expect(
      lists.map((list) => ({
        heading: list.getAttribute('aria-labelledby')
          ? query(`#${list.getAttribute('aria-labelledby')}`)?.textContent?.trim()
          : null,
        links: Array.from(list.querySelectorAll('a')).map((link) => link.textContent?.trim()),
      })),
    ).toEqual([
      { heading: null, links: ['Home'] },
      { heading: 'Work', links: ['Experiments'] },
      { heading: 'Learning', links: ['Lessons'] },
      { heading: 'Organisation', links: ['System health'] },
    ]);
    // Icons are decoration: the link's name stays its label.
    expect(query('[data-testid="nav-home"] svg')).toBeNull();
    expect(query('[data-testid="nav-health"] svg')?.getAttribute('aria-hidden')).toBe('true');
    expect(query('[data-testid="nav-health"] path')?.getAttribute('d')).toMatch(/^M12 21\.35/);
  });

  it('marks only the link of the current page', async () => {
    await TestBed.inject(Router).navigateByUrl('/health');
    await fixture.whenStable();

    expect(query('[data-testid="nav-health"]')?.getAttribute('aria-current')).toBe('page');
    expect(query('[data-testid="nav-health"]')?.classList).toContain('kz-shell__nav-link--active');
    expect(query('[data-testid="nav-home"]')?.hasAttribute('aria-current')).toBe(false);
  });

  it('shows a bell with the unread count beside the organisation, linking to the notifications', async () => {
    const host = fixture.componentInstance;
    host.account.set(anna);
    await fixture.whenStable();
    expect(query('[data-testid="toolbar-notifications"]')).toBeNull(); // not known yet

    host.unread.set(3);
    await fixture.whenStable();
    const bell = query('[data-testid="toolbar-notifications"]');
    expect(bell?.getAttribute('href')).toBe('/notifications');
    expect(bell?.getAttribute('aria-label')).toBe('Notifications, 3 unread');
    expect(query('[data-testid="unread-badge"]')?.textContent?.trim()).toBe('3');

    host.unread.set(250);
    await fixture.whenStable();
    expect(query('[data-testid="unread-badge"]')?.textContent?.trim()).toBe('99+');

    host.unread.set(0);
    await fixture.whenStable();
    expect(query('[data-testid="toolbar-notifications"]')?.getAttribute('aria-label')).toBe(
      'Notifications, 0 unread',
    );
    expect(query('[data-testid="unread-badge"]')).toBeNull();

    host.account.set(null);
    await fixture.whenStable();
    expect(query('[data-testid="toolbar-notifications"]')).toBeNull();
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

  describe('account area', () => {
    const host = () => fixture.componentInstance;

    it('offers sign in and create account when nobody is signed in', () => {
      expect(query('[data-testid="nav-sign-in"]')?.getAttribute('href')).toBe('/sign-in');
      expect(query('[data-testid="nav-sign-up"]')?.textContent?.trim()).toBe('Create account');
      expect(query('[data-testid="toolbar-sign-in"]')?.textContent?.trim()).toBe('Sign in');
      expect(query('[data-testid="sign-out"]')).toBeNull();
      expect(query('[data-testid="account-name"]')).toBeNull();
    });

    it('shows neither the person nor the sign-in links while the session is being restored', async () => {
      host().pending.set(true);
      await fixture.whenStable();
      expect(query('[data-testid="nav-sign-in"]')).toBeNull();
      expect(query('[data-testid="toolbar-sign-in"]')).toBeNull();
    });

    it('shows the signed-in person, their role and organisation, and emits sign out', async () => {
      host().account.set(anna);
      await fixture.whenStable();

      expect(query('[data-testid="account-name"]')?.textContent?.trim()).toBe('Anna de Vries');
      expect(query('[data-testid="account-role"]')?.textContent?.trim()).toBe(
        'Organisation admin in Zorggroep Noord',
      );
      expect(query('[data-testid="toolbar-organisation"]')?.textContent?.trim()).toBe('Zorggroep Noord');
      expect(query('[data-testid="nav-sign-in"]')).toBeNull();

      query('[data-testid="sign-out"]')?.click();
      expect(host().signOuts).toBe(1);
    });

    it('offers an organisation switcher from two organisations on, and emits the chosen one', async () => {
      host().account.set(anna);
      await fixture.whenStable();
      await renderDeferred();
      const switcher = query('[data-testid="organisation-switcher"]') as HTMLSelectElement;
      expect(element.querySelector('label[for="kz-organisation"]')?.textContent?.trim()).toBe('Organisation');
      expect(Array.from(switcher.options).map((option) => option.textContent?.trim())).toEqual([
        'Zorggroep Noord',
        'Buurtzorg Oost',
      ]);
      expect(switcher.value).toBe('org-1');
      expect(switcher.closest('mat-form-field')).not.toBeNull();

      switcher.value = 'org-2';
      switcher.dispatchEvent(new Event('change'));
      expect(host().switchedTo).toEqual(['org-2']);

      host().organisations.set([{ id: 'org-1', name: 'Zorggroep Noord' }]);
      await fixture.whenStable();
      expect(query('[data-testid="organisation-switcher"]')).toBeNull();
    });

    it('offers the languages by their own names and emits a new choice only', async () => {
      await renderDeferred();
      const chooser = query('[data-testid="language-switcher"]') as HTMLSelectElement;
      expect(element.querySelector('label[for="kz-language"]')?.textContent?.trim()).toBe('Language');
      expect(Array.from(chooser.options).map((option) => option.textContent?.trim())).toEqual([
        'English',
        'Nederlands',
      ]);
      expect(chooser.value).toBe('en');
      expect(chooser.closest('mat-form-field')).not.toBeNull();

      chooser.value = 'nl';
      chooser.dispatchEvent(new Event('change'));
      expect(host().languageChosen).toEqual(['nl']);
    });
  });

  it('speaks Dutch when the texts are Dutch', async () => {
    const translate = TestBed.inject(TranslateService);
    translate.use('nl');
    await fixture.whenStable();
    expect(query('[data-testid="nav-health"]')?.textContent?.trim()).toBe('Systeemstatus');
    expect(query('[data-testid="nav-sign-in"]')?.textContent?.trim()).toBe('Inloggen');
    expect(query('[data-testid="nav-sign-up"]')?.textContent?.trim()).toBe('Account aanmaken');
    expect(query('.kz-skip-link')?.textContent?.trim()).toBe('Naar de inhoud');
  });
});
