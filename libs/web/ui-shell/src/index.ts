export { ShellComponent } from './lib/shell.component';
export type { ShellNavLink } from './lib/shell-nav-link';
