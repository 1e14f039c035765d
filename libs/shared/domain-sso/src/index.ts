export * from './lib/sso-rules';
