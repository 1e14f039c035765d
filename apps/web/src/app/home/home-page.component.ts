import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatAnchor } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import { SessionStore } from '@kaizen/web/data-access-auth';

/** Home: greets a signed-in person with where they work; pitches the product to anyone else. */
@Component({
  selector: 'kz-home-page',
  imports: [MatAnchor, RouterLink, TranslatePipe],
  templateUrl: './home-page.component.html',
  styleUrl: './home-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HomePageComponent {
  protected readonly session = inject(SessionStore);
}
