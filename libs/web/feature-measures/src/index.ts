export { measuresRoutes } from './lib/measures.routes';
