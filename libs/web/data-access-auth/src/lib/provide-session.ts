import { EnvironmentProviders, inject, makeEnvironmentProviders, provideAppInitializer } from '@angular/core';
import { SessionStore } from './session.store';

/**
 * Restores a session from the refresh cookie when the app starts. The first render does not
 * wait for it: the shell shows the account area once the answer is in, and guards wait for it.
 * Add `sessionInterceptor` to `provideHttpClient(withInterceptors([...]))` as well.
 */
export function provideSession(): EnvironmentProviders {
  return makeEnvironmentProviders([
    provideAppInitializer(() => {
      void inject(SessionStore).restore();
    }),
  ]);
}
