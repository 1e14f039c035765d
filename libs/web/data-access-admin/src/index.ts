export { StructureStore } from './lib/structure.store';
export { SettingsStore } from './lib/settings.store';
