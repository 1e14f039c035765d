import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { ShellComponent, ShellNavLink } from '@kaizen/web/ui-shell';

@Component({
  selector: 'kz-root',
  imports: [RouterOutlet, ShellComponent],
  template: `
    <kz-shell productName="Kaizen Loop" [links]="links">
      <router-outlet />
    </kz-shell>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AppComponent {
  protected readonly links: readonly ShellNavLink[] = [
    { path: '/', label: 'Home', testId: 'nav-home', exact: true },
    { path: '/health', label: 'System health', testId: 'nav-health' },
  ];
}
