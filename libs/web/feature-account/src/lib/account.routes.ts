import { Routes } from '@angular/router';
import { signedIn, signedOut } from '@kaizen/web/data-access-auth';

/** The account pages, each a lazy chunk of its own (signing in loads no more than it needs). Titles are translation keys. */
export const accountRoutes: Routes = [
  {
    path: 'sign-in',
    title: 'titles.signIn',
    canActivate: [signedOut],
    loadComponent: () => import('./sign-in-page.component').then((m) => m.SignInPageComponent),
  },
  {
    path: 'sign-up',
    title: 'titles.signUp',
    canActivate: [signedOut],
    loadComponent: () => import('./sign-up-page.component').then((m) => m.SignUpPageComponent),
  },
  {
    path: 'reset-password',
    title: 'titles.resetPassword',
    loadComponent: () => import('./reset-password-page.component').then((m) => m.ResetPasswordPageComponent),
  },
  {
    path: 'invitations/:token',
    title: 'titles.invitation',
    loadComponent: () => import('./invitation-page.component').then((m) => m.InvitationPageComponent),
  },
  {
    path: 'account/security',
    title: 'titles.security',
    canActivate: [signedIn],
    loadComponent: () => import('./security-page.component').then((m) => m.SecurityPageComponent),
  },
];
