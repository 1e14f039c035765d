import { Routes } from '@angular/router';

/** My API tokens, and the organisation's for admins; the app guards it with `permitted('organisation.read')`. */
export const apiTokensRoutes: Routes = [
  {
    path: '',
    loadComponent: () => import('./api-tokens-page.component').then((m) => m.ApiTokensPageComponent),
  },
];
