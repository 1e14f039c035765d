export { programmesRoutes } from './lib/programmes.routes';
