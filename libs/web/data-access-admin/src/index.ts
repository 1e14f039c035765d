export { StructureStore } from './lib/structure.store';
export { SettingsStore } from './lib/settings.store';
export { AuditStore, type AuditFilter } from './lib/audit.store';
export { SsoSettingsStore } from './lib/sso-settings.store';
export { RetentionStore } from './lib/retention.store';
export { TwoFactorPolicyStore } from './lib/two-factor-policy.store';
