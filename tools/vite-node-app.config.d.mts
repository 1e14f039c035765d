import type { Alias, UserConfig } from 'vite';

export function workspaceAliases(): Alias[];
export function nodeAppConfig(app: string, entries: Record<string, string>): UserConfig;
