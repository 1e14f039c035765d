import { Routes } from '@angular/router';
import { LessonsPageComponent } from './lessons-page.component';

export const lessonsRoutes: Routes = [{ path: '', component: LessonsPageComponent }];
