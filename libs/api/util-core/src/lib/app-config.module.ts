import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@kaizen/shared/util-config';

/** Injection token of the validated configuration; see `@kaizen/shared/util-config`. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/** Makes the configuration, validated once at boot, injectable everywhere. */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: AppConfigModule, providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] };
  }
}
