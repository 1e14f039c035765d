import { Routes } from '@angular/router';
import { permitted } from '@kaizen/web/data-access-auth';
import { AnswerPageComponent } from './answer-page.component';
import { ResultsPageComponent } from './results-page.component';
import { ScansPageComponent } from './scans-page.component';

/**
 * The learning-capability scan, one lazy chunk: the list (and admin forms), the answer form, the
 * results. Its guard and titles live here rather than in the app's routes, which the initial bundle pays for.
 */
export const scanRoutes: Routes = [
  {
    path: '',
    canActivate: [permitted('scans.answer')],
    children: [
      { path: '', title: 'scan.title', component: ScansPageComponent },
      {
        path: ':id/results',
        title: 'scan.results.title',
        canActivate: [permitted('scans.results')],
        component: ResultsPageComponent,
      },
      { path: ':id', title: 'scan.title', component: AnswerPageComponent },
    ],
  },
];
