import type { ShellIcon } from './shell-icons';

/** The sections of the main navigation, in the order they show. */
export type ShellNavGroup = 'work' | 'learning' | 'organisation';

/** One entry of the main navigation. */
export interface ShellNavLink {
  /** Router path, e.g. '/health'. */
  readonly path: string;
  /** Translation key (or plain text, shown as is when no translation has that key). */
  readonly label: string;
  /** Stable hook for browser tests (rendered as data-testid). */
  readonly testId?: string;
  /** Mark active only on an exact URL match (for '/'). */
  readonly exact?: boolean;
  /** The section it is listed under; entries without one come first, without a heading. */
  readonly group?: ShellNavGroup;
  readonly icon?: ShellIcon;
}
