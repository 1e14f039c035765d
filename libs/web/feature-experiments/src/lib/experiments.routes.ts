import { Routes } from '@angular/router';

/** List and board, the guided form (new and edit), and one experiment: each page a lazy chunk of its own. */
export const experimentsRoutes: Routes = [
  {
    path: '',
    loadComponent: () => import('./experiments-page.component').then((m) => m.ExperimentsPageComponent),
  },
  {
    path: 'new',
    title: 'titles.newExperiment',
    loadComponent: () =>
      import('./experiment-form-page.component').then((m) => m.ExperimentFormPageComponent),
  },
  {
    path: ':id/edit',
    title: 'titles.editExperiment',
    loadComponent: () =>
      import('./experiment-form-page.component').then((m) => m.ExperimentFormPageComponent),
  },
  {
    path: ':id',
    title: 'titles.experiment',
    loadComponent: () =>
      import('./experiment-detail-page.component').then((m) => m.ExperimentDetailPageComponent),
  },
];
