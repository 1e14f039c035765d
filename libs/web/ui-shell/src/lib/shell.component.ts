import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  computed,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { RouterLink, RouterLinkActive } from '@angular/router';
import { TranslatePipe } from '@kaizen/web/util-i18n';
import { ShellAccount, ShellLanguage, ShellOrganisation } from './shell-account';
import { shellIcons } from './shell-icons';
import { ShellNavGroup, ShellNavLink } from './shell-nav-link';

const groupOrder: readonly ShellNavGroup[] = ['work', 'learning', 'organisation'];

/**
 * Application frame: a toolbar with the product name, a side panel with the navigation
 * and the account (person, organisation switcher, language, sign out), and the routed page.
 * Below 768px the side panel collapses behind a menu button in the toolbar.
 *
 * Presentational: everything comes in through inputs and goes out through outputs; the app
 * wires it to the session and language state.
 *
 * The toolbar and side panel are plain markup styled with the M3 system tokens (the toolbar
 * shaped like an M3 top app bar) rather than MatToolbar/MatSidenav/MatNavList/MatMenu: those, with
 * the CDK and overlay they pull in, cost from 5 kB (MatToolbar) to about 90 kB of the initial bundle.
 * The organisation and language pickers are the product's one form-field style: an outlined Material
 * form field around a native select (matNativeControl), which is also the most usable chooser on phones.
 * They are deferred until they are on screen: the form field's code (about 110 kB, shared with every
 * form page) would otherwise land in the initial bundle, and a phone, whose menu is shut, or a page
 * without forms then never downloads it.
 */
@Component({
  selector: 'kz-shell',
  imports: [MatFormField, MatInput, MatLabel, RouterLink, RouterLinkActive, TranslatePipe],
  templateUrl: './shell.component.html',
  styleUrl: './shell.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ShellComponent {
  readonly productName = input('Kaizen Loop');
  readonly links = input.required<readonly ShellNavLink[]>();
  /** The signed-in person; null when nobody is signed in. */
  readonly account = input<ShellAccount | null>(null);
  /** While the session is being restored, neither the person nor the sign-in links show. */
  readonly sessionPending = input(false);
  /** Organisations to switch between; the switcher shows from two on. */
  readonly organisations = input<readonly ShellOrganisation[]>([]);
  readonly language = input('en');
  readonly languages = input<readonly ShellLanguage[]>([]);
  /** Unread notifications, for the bell beside the organisation; null hides the bell. */
  readonly unread = input<number | null>(null);

  readonly signOut = output<void>();
  readonly organisationChange = output<string>();
  readonly languageChange = output<string>();

  /** The links in their sections: ungrouped ones first, then work, learning and organisation; empty sections left out. */
  protected readonly sections = computed(() => {
    const links = this.links();
    const sections: { group: ShellNavGroup | null; links: readonly ShellNavLink[] }[] = [
      { group: null, links: links.filter((link) => !link.group) },
      ...groupOrder.map((group) => ({ group, links: links.filter((link) => link.group === group) })),
    ];
    return sections.filter((section) => section.links.length > 0);
  });
  protected readonly icons = shellIcons;

  /** Only matters on a compact layout; on a wide one the navigation is always shown. */
  protected readonly menuOpen = signal(false);

  private readonly menuButton = viewChild.required<ElementRef<HTMLButtonElement>>('menuButton');
  private readonly main = viewChild.required<ElementRef<HTMLElement>>('main');

  protected toggleMenu(): void {
    this.menuOpen.update((open) => !open);
  }

  protected closeMenu(returnFocus: boolean): void {
    if (!this.menuOpen()) {
      return;
    }
    this.menuOpen.set(false);
    if (returnFocus) {
      this.menuButton().nativeElement.focus();
    }
  }

  protected chooseOrganisation(event: Event): void {
    const id = (event.target as HTMLSelectElement).value;
    if (id !== this.account()?.organisationId) {
      this.organisationChange.emit(id);
    }
  }

  protected chooseLanguage(event: Event): void {
    const code = (event.target as HTMLSelectElement).value;
    if (code !== this.language()) {
      this.languageChange.emit(code);
    }
  }

  /** A plain #fragment link would make the router navigate; move focus instead. */
  protected skipToMain(event: Event): void {
    event.preventDefault();
    this.main().nativeElement.focus();
  }
}
