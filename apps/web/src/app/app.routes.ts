import { Routes } from '@angular/router';
import { permitted } from '@kaizen/web/data-access-auth';

/** Every page is a lazy chunk; titles are translation keys (see TranslatedTitleStrategy). */
export const appRoutes: Routes = [
  {
    path: '',
    pathMatch: 'full',
    loadComponent: () => import('./home/home-page.component').then((m) => m.HomePageComponent),
  },
  {
    path: 'health',
    title: 'titles.health',
    loadChildren: () => import('@kaizen/web/feature-health').then((m) => m.healthRoutes),
  },
  {
    path: 'people',
    title: 'titles.people',
    canActivate: [permitted('members.read')],
    loadChildren: () => import('@kaizen/web/feature-account').then((m) => m.peopleRoutes),
  },
  {
    // experiments, approvals, lessons, dashboards, admin, and sign-in, sign-up, reset-password,
    // invitations/:token: one lazy table, so the initial bundle carries one entry for all of them.
    path: '',
    loadChildren: () => import('./lazy.routes').then((m) => m.lazyRoutes),
  },
  { path: 'scan', loadChildren: () => import('@kaizen/web/feature-scan').then((m) => m.scanRoutes) },
  { path: '**', redirectTo: '' },
];
