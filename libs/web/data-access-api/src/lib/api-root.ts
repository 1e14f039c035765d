import { EnvironmentProviders, makeEnvironmentProviders } from '@angular/core';
import { provideApiConfiguration } from '../generated/api-configuration';

/**
 * Where the generated client sends requests. The API serves the web app from the same
 * origin, so the default root is '' and requests go to relative `/api/...` paths.
 */
export function provideApiRoot(rootUrl = ''): EnvironmentProviders {
  return makeEnvironmentProviders([provideApiConfiguration(rootUrl)]);
}
