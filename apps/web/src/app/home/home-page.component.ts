import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatAnchor } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { TranslatePipe } from '@kaizen/web/util-i18n';
import { SessionStore } from '@kaizen/web/data-access-auth';
import { MyWorkComponent } from '@kaizen/web/feature-home';

/** Home: greets a signed-in person with their experiments and what is due; pitches the product to anyone else. */
@Component({
  selector: 'kz-home-page',
  imports: [MatAnchor, MyWorkComponent, RouterLink, TranslatePipe],
  templateUrl: './home-page.component.html',
  styleUrl: './home-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HomePageComponent {
  protected readonly session = inject(SessionStore);
}
