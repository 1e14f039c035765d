import { Routes } from '@angular/router';
import { permitted } from '@kaizen/web/data-access-auth';

export const notificationsRoutes: Routes = [
  {
    path: '',
    loadComponent: () => import('./notifications-page.component').then((m) => m.NotificationsPageComponent),
  },
  {
    // Every reminder mail links here.
    path: 'preferences',
    title: 'titles.notificationPreferences',
    loadComponent: () =>
      import('./notification-preferences-page.component').then((m) => m.NotificationPreferencesPageComponent),
  },
];

export const reviewsRoutes: Routes = [
  { path: '', loadComponent: () => import('./reviews-page.component').then((m) => m.ReviewsPageComponent) },
  {
    path: 'cadences',
    title: 'titles.cadences',
    canActivate: [permitted('reviews.manage')],
    loadComponent: () => import('./cadences-page.component').then((m) => m.CadencesPageComponent),
  },
  { path: ':id', loadComponent: () => import('./review-page.component').then((m) => m.ReviewPageComponent) },
];

export const webhooksRoutes: Routes = [
  { path: '', loadComponent: () => import('./webhooks-page.component').then((m) => m.WebhooksPageComponent) },
];
