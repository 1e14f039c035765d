import { ChangeDetectionStrategy, Component, ElementRef, input, signal, viewChild } from '@angular/core';
import { MatToolbar } from '@angular/material/toolbar';
import { RouterLink, RouterLinkActive } from '@angular/router';
import { ShellNavLink } from './shell-nav-link';

/**
 * Application frame: a Material toolbar with the product name, a side navigation list and the
 * routed page. Below 768px the navigation collapses behind a menu button in the toolbar.
 *
 * The side navigation is plain markup styled with the M3 system tokens rather than
 * MatSidenav/MatNavList: those two (plus the buttons they pull in) add about 90 kB to the
 * initial bundle, which the 350 kB budget cannot afford for a list of links.
 */
@Component({
  selector: 'kz-shell',
  imports: [MatToolbar, RouterLink, RouterLinkActive],
  templateUrl: './shell.component.html',
  styleUrl: './shell.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ShellComponent {
  readonly productName = input('Kaizen Loop');
  readonly links = input.required<readonly ShellNavLink[]>();

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

  /** A plain #fragment link would make the router navigate; move focus instead. */
  protected skipToMain(event: Event): void {
    event.preventDefault();
    this.main().nativeElement.focus();
  }
}
