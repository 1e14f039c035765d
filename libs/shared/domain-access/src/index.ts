export * from './lib/permissions';
export * from './lib/api-tokens';
export * from './lib/audit-actions';
