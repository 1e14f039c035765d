import { Routes } from '@angular/router';
import { DashboardsPageComponent } from './dashboards-page.component';

export const dashboardsRoutes: Routes = [{ path: '', component: DashboardsPageComponent }];
