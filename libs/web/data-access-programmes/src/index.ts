export { ProgrammesStore } from './lib/programmes.store';
export { ProgrammeStore } from './lib/programme.store';
export { SimilarWorkStore, SIMILAR_WORK_DEBOUNCE_MS } from './lib/similar-work.store';
