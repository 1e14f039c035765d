import { Routes } from '@angular/router';
import { HealthPageComponent } from './health-page.component';

export const healthRoutes: Routes = [{ path: '', component: HealthPageComponent }];
