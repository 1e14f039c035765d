import { Routes } from '@angular/router';
import { permitted } from '@kaizen/web/data-access-auth';
import { accountRoutes } from '@kaizen/web/feature-account/routes';
import { experimentsRoutes } from '@kaizen/web/feature-experiments/routes';
import { texts } from '@kaizen/web/util-i18n';

/**
 * The experiment loop's pages, each a lazy chunk guarded by its permission, then the account pages (the tables of
 * experiments and account are in the initial bundle, their pages lazy).
 * Titles are translation keys; `texts(...)` names the translation namespaces of each route's pages beyond the
 * common ones (translations/chunks.json).
 */
export const lazyRoutes: Routes = [
  {
    path: 'experiments',
    title: 'titles.experiments',
    // The list (the page a first load usually lands on) shows only these; the other pages add theirs.
    canActivate: [permitted('experiments.read'), texts('experiments')],
    // In the initial bundle, its pages lazy: the list's code is requested straight after main.
    children: experimentsRoutes,
  },
  {
    path: 'approvals',
    title: 'titles.approvals',
    canActivate: [permitted('approvals.read'), texts('approvals', 'decisions', 'experiments', 'measures')],
    loadChildren: () => import('@kaizen/web/feature-approvals').then((m) => m.approvalsRoutes),
  },
  {
    path: 'lessons',
    title: 'titles.lessons',
    canActivate: [permitted('lessons.read'), texts('lessons')],
    loadChildren: () => import('@kaizen/web/feature-lessons').then((m) => m.lessonsRoutes),
  },
  {
    path: 'dashboards',
    title: 'titles.dashboards',
    canActivate: [permitted('rollups.read'), texts('dashboards', 'programmes')],
    loadChildren: () => import('@kaizen/web/feature-dashboards').then((m) => m.dashboardsRoutes),
  },
  {
    path: 'measures',
    title: 'titles.measures',
    canActivate: [permitted('experiments.read'), texts('measures', 'experiments', 'decisions')],
    loadChildren: () => import('@kaizen/web/feature-measures').then((m) => m.measuresRoutes),
  },
  {
    path: 'programmes',
    title: 'titles.programmes',
    canActivate: [permitted('experiments.read'), texts('programmes', 'experiments', 'measures', 'followUp')],
    loadChildren: () => import('@kaizen/web/feature-programmes').then((m) => m.programmesRoutes),
  },
  {
    path: 'admin',
    title: 'titles.admin',
    canActivate: [permitted('structure.manage'), texts('admin', 'people')],
    loadChildren: () => import('@kaizen/web/feature-admin').then((m) => m.adminRoutes),
  },
  {
    path: 'notifications',
    title: 'titles.notifications',
    canActivate: [permitted('organisation.read'), texts('followUp', 'programmes')],
    loadChildren: () => import('@kaizen/web/feature-follow-up').then((m) => m.notificationsRoutes),
  },
  {
    path: 'reviews',
    title: 'titles.reviews',
    canActivate: [permitted('reviews.read'), texts('followUp', 'programmes')],
    loadChildren: () => import('@kaizen/web/feature-follow-up').then((m) => m.reviewsRoutes),
  },
  {
    path: 'webhooks',
    title: 'titles.webhooks',
    canActivate: [permitted('webhooks.manage'), texts('followUp', 'programmes')],
    loadChildren: () => import('@kaizen/web/feature-follow-up').then((m) => m.webhooksRoutes),
  },
  {
    path: 'api-tokens',
    title: 'titles.apiTokens',
    canActivate: [permitted('organisation.read'), texts('apiTokens')],
    loadChildren: () => import('@kaizen/web/feature-api-tokens').then((m) => m.apiTokensRoutes),
  },
  {
    // sign-in, sign-up, reset-password, invitations/:token
    path: '',
    canActivate: [texts('account')],
    children: accountRoutes,
  },
];
