/** Types of production-package.mjs, for the tests that import it. */
export function packageNameOf(specifier: string): string | null;
export function requiredPackages(dirs: string[]): string[];
export interface ProductionManifest {
  name: string;
  version: string;
  private: true;
  license?: string;
  engines?: Record<string, string>;
  dependencies: Record<string, string>;
}
export function productionManifest(
  dirs: string[],
  manifest: {
    name: string;
    version: string;
    license?: string;
    engines?: Record<string, string>;
    dependencies?: Record<string, string>;
  },
  lockfile: { packages?: Record<string, { version?: string }> },
): ProductionManifest;
