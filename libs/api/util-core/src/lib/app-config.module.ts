import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@kaizen/shared/util-config';
import { CLOCK, systemClock, type Clock } from './clock';

/** Injection token of the validated configuration; see `@kaizen/shared/util-config`. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/** What an app is booted with besides its configuration; tests pass a clock they control. */
export interface AppOptions {
  clock?: Clock;
}

/** Makes the configuration, validated once at boot, and the clock injectable everywhere. */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig, options: AppOptions = {}): DynamicModule {
    return {
      module: AppConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
      ],
      exports: [APP_CONFIG, CLOCK],
    };
  }
}
