export { healthRoutes } from './lib/health.routes';
export { HealthPageComponent } from './lib/health-page.component';
