// oidc-provider 8 ships no types (the last line that runs on Node 20); the test provider is its only user.
declare module 'oidc-provider';
