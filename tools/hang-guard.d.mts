export function hangGuardMs(quietMs: number): number;
