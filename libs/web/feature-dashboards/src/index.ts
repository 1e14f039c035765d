export { dashboardsRoutes } from './lib/dashboards.routes';
