import { Routes } from '@angular/router';
import { signedIn, signedOut } from '@kaizen/web/data-access-auth';
import { InvitationPageComponent } from './invitation-page.component';
import { PeoplePageComponent } from './people-page.component';
import { ResetPasswordPageComponent } from './reset-password-page.component';
import { SecurityPageComponent } from './security-page.component';
import { SignInPageComponent } from './sign-in-page.component';
import { SignUpPageComponent } from './sign-up-page.component';

/** The account pages, one lazy chunk. Titles are translation keys. */
export const accountRoutes: Routes = [
  { path: 'sign-in', title: 'titles.signIn', canActivate: [signedOut], component: SignInPageComponent },
  { path: 'sign-up', title: 'titles.signUp', canActivate: [signedOut], component: SignUpPageComponent },
  { path: 'reset-password', title: 'titles.resetPassword', component: ResetPasswordPageComponent },
  { path: 'invitations/:token', title: 'titles.invitation', component: InvitationPageComponent },
  {
    path: 'account/security',
    title: 'titles.security',
    canActivate: [signedIn],
    component: SecurityPageComponent,
  },
];

/** Members and invitations; the app guards it with `permitted('members.read')`. */
export const peopleRoutes: Routes = [{ path: '', component: PeoplePageComponent }];
