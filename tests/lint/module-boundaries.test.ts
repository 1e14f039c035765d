import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { workspaceRoot } from '../support/processes';

/** Lints a would-be file in place, so the real eslint.config.mjs and project tags apply. */
async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: workspaceRoot });
  const [result] = await eslint.lintText(code, { filePath: `${workspaceRoot}/${filePath}` });
  return result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}

describe('module boundaries are enforced by lint', () => {
  it('refuses a shared library importing a server library', async () => {
    const errors = await boundaryErrors(
      'libs/shared/util-jobs/src/lib/forbidden.ts',
      "import { APP_CONFIG } from '@kaizen/api/util-core';\nexport const x = APP_CONFIG;\n",
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/scope:shared/);
  });

  it('refuses the browser importing server code', async () => {
    const errors = await boundaryErrors(
      'libs/web/feature-health/src/lib/forbidden.ts',
      "import { HealthModule } from '@kaizen/api/feature-health';\nexport const x = HealthModule;\n",
    );
    expect(errors).toHaveLength(1);
  });

  it('refuses a presentational library importing state, even within its scope', async () => {
    const errors = await boundaryErrors(
      'libs/web/ui-shell/src/lib/forbidden.ts',
      "import * as api from '@kaizen/web/data-access-api';\nexport const x = api;\n",
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/type:ui/);
  });

  it('allows a feature importing data-access and util libraries', async () => {
    const errors = await boundaryErrors(
      'libs/api/feature-health/src/lib/allowed.ts',
      "import { JobProducer } from '@kaizen/api/data-access-queue';\nimport { jobCatalog } from '@kaizen/shared/util-jobs';\nexport const x = [JobProducer, jobCatalog];\n",
    );
    expect(errors).toEqual([]);
  });

  it('keeps the measures domain library free of server code and framework layers', async () => {
    const errors = await boundaryErrors(
      'libs/shared/domain-measures/src/lib/forbidden.ts',
      "import { JobProducer } from '@kaizen/api/data-access-queue';\nexport const x = JobProducer;\n",
    );
    expect(errors).toHaveLength(1);
    expect(
      await boundaryErrors(
        'libs/shared/domain-measures/src/lib/allowed.ts',
        "import { SMALL_GROUP } from '@kaizen/shared/domain-learning';\nexport const x = SMALL_GROUP;\n",
      ),
    ).toEqual([]);
  });
});
