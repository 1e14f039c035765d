import { Injectable, effect, inject, untracked } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { RouterStateSnapshot, TitleStrategy } from '@angular/router';
import { TranslateService } from './translate';

/**
 * Route titles are translation keys. The page title reads "Page · Kaizen Loop" in the current
 * language, and follows a language switch without a navigation.
 */
@Injectable()
export class TranslatedTitleStrategy extends TitleStrategy {
  private readonly title = inject(Title);
  private readonly translate = inject(TranslateService);
  private last: RouterStateSnapshot | null = null;

  constructor() {
    super();
    effect(() => {
      this.translate.currentLang();
      untracked(() => {
        if (this.last) this.updateTitle(this.last);
      });
    });
  }

  override updateTitle(snapshot: RouterStateSnapshot): void {
    this.last = snapshot;
    const key = this.buildTitle(snapshot);
    const product = this.translate.instant('app.name') as string;
    this.title.setTitle(key ? `${this.translate.instant(key) as string} · ${product}` : product);
  }
}
