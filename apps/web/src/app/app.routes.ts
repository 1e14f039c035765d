import { Routes } from '@angular/router';

export const appRoutes: Routes = [
  {
    path: '',
    pathMatch: 'full',
    title: 'Kaizen Loop',
    loadComponent: () => import('./home/home-page.component').then((m) => m.HomePageComponent),
  },
  {
    path: 'health',
    title: 'System health · Kaizen Loop',
    loadChildren: () => import('@kaizen/web/feature-health').then((m) => m.healthRoutes),
  },
  { path: '**', redirectTo: '' },
];
