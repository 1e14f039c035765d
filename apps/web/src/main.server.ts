import { BootstrapContext, bootstrapApplication } from '@angular/platform-browser';
import { renderApplication } from '@angular/platform-server';
import { Language, START_LANGUAGE } from '@kaizen/web/util-i18n';
import { AppComponent } from './app/app.component';
import { serverConfig } from './app/app.config.server';

export default function bootstrap(context: BootstrapContext) {
  return bootstrapApplication(AppComponent, serverConfig, context);
}

/** A page rendered ahead in one language, from the build's server template (tools/prerender.mjs). */
export function renderPage(url: string, language: Language, document: string): Promise<string> {
  return renderApplication(bootstrap, {
    document,
    url,
    platformProviders: [{ provide: START_LANGUAGE, useValue: language }],
  });
}
