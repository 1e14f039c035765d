import { Routes } from '@angular/router';
import { permitted } from '@kaizen/web/data-access-auth';
import { peopleRoutes } from '@kaizen/web/feature-account/routes';
import { texts } from '@kaizen/web/util-i18n';
import { lazyRoutes } from './lazy.routes';

/**
 * Every page is a lazy chunk; titles are translation keys (see TranslatedTitleStrategy); `texts(...)` loads the
 * translation namespaces a route's pages use beyond the common ones.
 */
export const appRoutes: Routes = [
  {
    path: '',
    pathMatch: 'full',
    canActivate: [texts('home', 'experiments', 'approvals')],
    loadComponent: () => import('./home/home-page.component').then((m) => m.HomePageComponent),
  },
  {
    path: 'health',
    title: 'titles.health',
    canActivate: [texts('health')],
    loadChildren: () => import('@kaizen/web/feature-health').then((m) => m.healthRoutes),
  },
  {
    path: 'people',
    title: 'titles.people',
    canActivate: [permitted('members.read'), texts('people')],
    children: peopleRoutes,
  },
  {
    // experiments, approvals, lessons, dashboards, admin, and sign-in, sign-up, reset-password,
    // invitations/:token: their route tables are in the initial bundle (a few hundred bytes), their pages lazy,
    // so the first page's code is requested straight after main rather than one or two round trips later.
    path: '',
    children: lazyRoutes,
  },
  {
    path: 'scan',
    canActivate: [texts('scan')],
    loadChildren: () => import('@kaizen/web/feature-scan').then((m) => m.scanRoutes),
  },
  { path: '**', redirectTo: '' },
];
