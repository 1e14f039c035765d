export * from './lib/permissions';
export * from './lib/audit-actions';
