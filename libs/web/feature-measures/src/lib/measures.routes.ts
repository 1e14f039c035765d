import { Routes } from '@angular/router';
import { MeasurePageComponent } from './measure-page.component';
import { MeasuresPageComponent } from './measures-page.component';

/** The list (with create and archive) and one measure with its chart and data entry. One lazy chunk. */
export const measuresRoutes: Routes = [
  { path: '', component: MeasuresPageComponent },
  { path: ':id', title: 'titles.measure', component: MeasurePageComponent },
];
