import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
  untracked,
} from '@angular/core';
import { DOCUMENT } from '@angular/common';
import { NavigationEnd, Router, RouterOutlet } from '@angular/router';
import { SessionStore } from '@kaizen/web/data-access-auth';
import { UnreadNotifications } from '@kaizen/web/data-access-follow-up/unread';
import {
  ShellAccount,
  ShellComponent,
  ShellLanguage,
  ShellNavLink,
  ShellOrganisation,
} from '@kaizen/web/ui-shell';
import { Formats, LanguageService, isLanguage } from '@kaizen/web/util-i18n';

const HOME: ShellNavLink = {
  path: '/',
  label: 'nav.home',
  testId: 'nav-home',
  exact: true,
  group: 'work',
  icon: 'home',
};
const EXPERIMENTS: ShellNavLink = {
  path: '/experiments',
  label: 'nav.experiments',
  testId: 'nav-experiments',
  group: 'work',
  icon: 'experiments',
};
const APPROVALS: ShellNavLink = {
  path: '/approvals',
  label: 'nav.approvals',
  testId: 'nav-approvals',
  group: 'work',
  icon: 'approvals',
};
const REVIEWS: ShellNavLink = {
  path: '/reviews',
  label: 'titles.reviews',
  testId: 'nav-reviews',
  group: 'work',
  icon: 'reviews',
};
const NOTIFICATIONS: ShellNavLink = {
  path: '/notifications',
  label: 'titles.notifications',
  testId: 'nav-notifications',
  group: 'work',
  icon: 'notifications',
};
const SECURITY: ShellNavLink = {
  path: '/account/security',
  label: 'titles.security',
  testId: 'nav-security',
  group: 'work',
  icon: 'security',
};
const LESSONS: ShellNavLink = {
  path: '/lessons',
  label: 'nav.lessons',
  testId: 'nav-lessons',
  group: 'learning',
  icon: 'lessons',
};
const DASHBOARDS: ShellNavLink = {
  path: '/dashboards',
  label: 'nav.dashboards',
  testId: 'nav-dashboards',
  group: 'learning',
  icon: 'dashboards',
};
const MEASURES: ShellNavLink = {
  path: '/measures',
  label: 'nav.measures',
  testId: 'nav-measures',
  group: 'learning',
  icon: 'measures',
};
const PROGRAMMES: ShellNavLink = {
  path: '/programmes',
  label: 'nav.programmes',
  testId: 'nav-programmes',
  group: 'learning',
  icon: 'programmes',
};
const SCAN: ShellNavLink = {
  path: '/scan',
  label: 'nav.scan',
  testId: 'nav-scan',
  group: 'learning',
  icon: 'scan',
};
const ADMIN: ShellNavLink = {
  path: '/admin',
  label: 'nav.admin',
  testId: 'nav-admin',
  group: 'organisation',
  icon: 'admin',
};
const PEOPLE: ShellNavLink = {
  path: '/people',
  label: 'nav.people',
  testId: 'nav-people',
  group: 'organisation',
  icon: 'people',
};
const WEBHOOKS: ShellNavLink = {
  path: '/webhooks',
  label: 'nav.webhooks',
  testId: 'nav-webhooks',
  group: 'organisation',
  icon: 'webhooks',
};
const API_TOKENS: ShellNavLink = {
  path: '/api-tokens',
  label: 'nav.apiTokens',
  testId: 'nav-api-tokens',
  group: 'organisation',
  icon: 'apiTokens',
};
const HEALTH: ShellNavLink = {
  path: '/health',
  label: 'nav.health',
  testId: 'nav-health',
  group: 'organisation',
  icon: 'health',
};

const UNREAD_REFRESH_MS = 60_000;

/** Container: wires the presentational shell to the session and the language. */
@Component({
  selector: 'kz-root',
  imports: [RouterOutlet, ShellComponent],
  template: `
    <kz-shell
      productName="Kaizen Loop"
      [links]="links()"
      [account]="account()"
      [sessionPending]="session.status() === 'restoring'"
      [organisations]="organisations()"
      [language]="language.current()"
      [languages]="languages"
      [unread]="session.signedIn() ? unread.count() : null"
      (signOut)="signOut()"
      (organisationChange)="switchOrganisation($event)"
      (languageChange)="useLanguage($event)"
    >
      <router-outlet />
    </kz-shell>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AppComponent {
  protected readonly session = inject(SessionStore);
  protected readonly language = inject(LanguageService);
  protected readonly unread = inject(UnreadNotifications);
  private readonly router = inject(Router);

  constructor() {
    // Through DOCUMENT: the sign-in page is also rendered ahead, where there is no global document.
    const document = inject(DOCUMENT);
    // The bell's figure: read after each navigation (signing in and switching organisation navigate too),
    // every minute while the tab is in view, and at once when it comes back into view.
    const refresh = () => {
      if (this.session.signedIn() && document.visibilityState === 'visible') void this.unread.refresh();
    };
    let navigated = false;
    const navigations = this.router.events.subscribe((event) => {
      if (event instanceof NavigationEnd) {
        navigated = true;
        refresh();
      }
    });
    // A fresh load of a page that does not wait for the session navigates before the session is
    // restored: read the figure again once it is. Before the first navigation ends, that navigation reads it (one
    // read, not two, on a first load of a signed-in page).
    effect(() => {
      if (this.session.signedIn() && navigated) untracked(refresh);
    });
    // Dates, times and amounts follow the organisation's time zone and currency.
    const formats = inject(Formats);
    effect(() => formats.useOrganisation(this.session.organisation()));
    const timer = setInterval(refresh, UNREAD_REFRESH_MS);
    document.addEventListener('visibilitychange', refresh);
    inject(DestroyRef).onDestroy(() => {
      navigations.unsubscribe();
      clearInterval(timer);
      document.removeEventListener('visibilitychange', refresh);
    });
  }

  protected readonly languages: readonly ShellLanguage[] = [
    { code: 'en', label: 'English' },
    { code: 'nl', label: 'Nederlands' },
  ];

  /** Only the pages this person may open (the permission matrix decides), in the sections work, learning and organisation. */
  protected readonly links = computed<readonly ShellNavLink[]>(() => {
    if (!this.session.signedIn()) return [{ ...HOME, group: undefined }];
    const can = (permission: Parameters<SessionStore['can']>[0]) => this.session.can(permission);
    return [
      HOME,
      ...(can('experiments.read') ? [EXPERIMENTS] : []),
      ...(can('approvals.read') ? [APPROVALS] : []),
      ...(can('reviews.read') ? [REVIEWS] : []),
      NOTIFICATIONS,
      SECURITY,
      ...(can('lessons.read') ? [LESSONS] : []),
      ...(can('rollups.read') ? [DASHBOARDS] : []),
      // The measures page reads the same as experiments until it has a permission of its own.
      ...(can('experiments.read') ? [MEASURES, PROGRAMMES] : []),
      ...(can('scans.answer') ? [SCAN] : []),
      ...(can('structure.manage') ? [ADMIN] : []),
      ...(can('members.read') ? [PEOPLE] : []),
      ...(can('webhooks.manage') ? [WEBHOOKS] : []),
      // Everyone may make personal tokens; admins see the organisation's on the same page.
      API_TOKENS,
      // System status is for whoever runs the organisation, not for every member.
      ...(can('organisation.manage') ? [HEALTH] : []),
    ];
  });

  protected readonly account = computed<ShellAccount | null>(() => {
    const me = this.session.me();
    const organisation = this.session.organisation();
    const role = this.session.role();
    if (!me || !organisation || !role) {
      return null;
    }
    return {
      displayName: me.displayName,
      email: me.email,
      role,
      organisationId: organisation.organisationId,
      organisationName: organisation.organisationName,
    };
  });

  protected readonly organisations = computed<readonly ShellOrganisation[]>(() =>
    this.session.memberships().map((m) => ({ id: m.organisationId, name: m.organisationName })),
  );

  protected async signOut(): Promise<void> {
    this.unread.forget();
    await this.session.signOut();
    await this.router.navigateByUrl('/sign-in');
  }

  /** Another organisation's data must not linger on screen: start over at home. */
  protected async switchOrganisation(organisationId: string): Promise<void> {
    this.unread.forget();
    try {
      await this.session.switchOrganisation(organisationId);
    } finally {
      await this.router.navigateByUrl('/');
    }
  }

  protected async useLanguage(code: string): Promise<void> {
    if (isLanguage(code)) {
      await this.language.use(code);
    }
  }
}
