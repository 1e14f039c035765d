/** Types of app-node-flags.mjs, for the tests that import it. */
export declare const appNodeFlags: Record<'api' | 'worker', string[]>;
