import nx from '@nx/eslint-plugin';

/**
 * Module boundaries: a project may only import projects whose tags its own tags allow.
 * Scope keeps the browser and the server apart; type keeps the layering
 * app -> feature -> data-access / ui -> domain -> util.
 */
export const depConstraints = [
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:api', 'scope:shared'] },
  { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:web', 'scope:shared'] },
  {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:ui', 'type:domain', 'type:util'],
  },
  {
    sourceTag: 'type:feature',
    onlyDependOnLibsWithTags: ['type:data-access', 'type:ui', 'type:domain', 'type:util'],
  },
  {
    sourceTag: 'type:data-access',
    onlyDependOnLibsWithTags: ['type:data-access', 'type:domain', 'type:util'],
  },
  { sourceTag: 'type:ui', onlyDependOnLibsWithTags: ['type:ui', 'type:util'] },
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:util'] },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/node_modules', '**/.angular', '**/.nx', '**/tmp', '**/.data', '**/generated/**'],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints,
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The cross-app suites boot the apps as they ship, so they reach into apps/ and tools/ on purpose.
    files: ['tests/**/*.ts', 'tests/**/*.mts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  ...nx.configs['flat/angular'].map((config) => ({
    ...config,
    files: ['apps/web/**/*.ts', 'libs/web/**/*.ts'],
  })),
  ...nx.configs['flat/angular-template'].map((config) => ({
    ...config,
    files: ['apps/web/**/*.html', 'libs/web/**/*.html'],
  })),
  {
    files: ['apps/web/**/*.ts', 'libs/web/**/*.ts'],
    rules: {
      '@angular-eslint/directive-selector': [
        'error',
        { type: 'attribute', prefix: 'kz', style: 'camelCase' },
      ],
      '@angular-eslint/component-selector': ['error', { type: 'element', prefix: 'kz', style: 'kebab-case' }],
    },
  },
];
