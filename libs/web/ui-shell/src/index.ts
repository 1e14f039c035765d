export { ShellComponent } from './lib/shell.component';
export type { ShellAccount, ShellLanguage, ShellOrganisation } from './lib/shell-account';
export type { ShellNavLink } from './lib/shell-nav-link';
