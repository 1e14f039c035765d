export { ShellComponent } from './lib/shell.component';
export type { ShellAccount, ShellLanguage, ShellOrganisation } from './lib/shell-account';
export type { ShellNavGroup, ShellNavLink } from './lib/shell-nav-link';
export type { ShellIcon } from './lib/shell-icons';
