import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { Router, provideRouter } from '@angular/router';
import { Component } from '@angular/core';
import { TranslateService } from './translate';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { provideI18n } from './provide-i18n';
import { LANGUAGE_STORAGE_KEY } from './language';
import { LanguageService } from './language.service';
import { texts } from './texts.guard';

@Component({ selector: 'kz-page', template: '' })
class PageComponent {}

describe('LanguageService with provideI18n', () => {
  const cookie = () => /(?:^|; )kz_language=([^;]*)/.exec(document.cookie)?.[1] ?? null;

  beforeEach(() => {
    localStorage.clear();
    document.cookie = 'kz_language=; path=/; max-age=0';
    document.documentElement.lang = 'en';
    TestBed.configureTestingModule({
      providers: [
        provideI18n(),
        provideRouter([{ path: 'health', title: 'titles.health', component: PageComponent }]),
      ],
    });
  });

  afterEach(() => vi.restoreAllMocks());

  it('starts in the browser language and does not remember it as a choice', async () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['nl-NL', 'en']);
    const language = TestBed.inject(LanguageService);
    await language.init();

    expect(language.current()).toBe('nl');
    expect(document.documentElement.lang).toBe('nl');
    expect(TestBed.inject(TranslateService).instant('shell.signIn')).toBe('Inloggen');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBeNull();
    // A server goes by the browser's languages as well: nothing to tell it.
    expect(cookie()).toBeNull();
  });

  it('prefers the remembered choice over the browser', async () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['nl-NL']);
    localStorage.setItem(LANGUAGE_STORAGE_KEY, 'en');
    const language = TestBed.inject(LanguageService);
    await language.init();
    expect(language.current()).toBe('en');
    expect(TestBed.inject(TranslateService).instant('shell.signIn')).toBe('Sign in');
    // Told to servers too, so the next page rendered ahead comes in it (a choice from before the cookie existed).
    expect(cookie()).toBe('en');
  });

  it('switches on request: loads the texts, sets <html lang> and remembers the choice', async () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['en-GB']);
    const language = TestBed.inject(LanguageService);
    await language.init();
    await language.use('nl');

    expect(language.current()).toBe('nl');
    expect(document.documentElement.lang).toBe('nl');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('nl');
    expect(cookie()).toBe('nl');
    expect(TestBed.inject(TranslateService).instant('shell.signIn')).toBe('Inloggen');
  });

  it('starts with the common texts only; a page loads its namespaces, and a switch brings them along', async () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['nl-NL']);
    const language = TestBed.inject(LanguageService);
    const translate = TestBed.inject(TranslateService);
    await language.init();
    expect(translate.instant('account.signIn.forgot')).toBe('account.signIn.forgot');

    await language.need(['account']);
    expect(translate.instant('account.signIn.forgot')).toBe('Wachtwoord vergeten?');
    expect(translate.instant('admin.title')).toBe('admin.title');

    await language.use('en');
    expect(translate.instant('account.signIn.forgot')).toBe('Forgot your password?');
    expect(translate.instant('shell.signIn')).toBe('Sign in');
  });

  it("brings the first page's namespaces, asked for before it starts, along with the common texts", async () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['nl-NL']);
    const language = TestBed.inject(LanguageService);
    const translate = TestBed.inject(TranslateService);
    let ready = false;
    const asked = language.needAtStart(['account']).then(() => (ready = true));
    await Promise.resolve();
    expect(ready).toBe(false);

    await language.init();
    await asked;
    expect(translate.instant('account.signIn.forgot')).toBe('Wachtwoord vergeten?');
    expect(translate.instant('shell.signIn')).toBe('Inloggen');
  });

  it('loads a set no route names, for which the build made no bundle, namespace by namespace', async () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['en']);
    const language = TestBed.inject(LanguageService);
    const translate = TestBed.inject(TranslateService);
    await language.init();
    await language.need(['account', 'lessons', 'scan']);
    expect(translate.instant('account.signIn.forgot')).toBe('Forgot your password?');
    expect(translate.instant('lessons.title')).not.toBe('lessons.title');
    expect(translate.instant('scan.title')).not.toBe('scan.title');
  });

  it('loads the namespaces a route names before its page opens', async () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['nl']);
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({
      providers: [
        provideI18n(),
        provideRouter([{ path: 'sign-in', canActivate: [texts('account')], component: PageComponent }]),
      ],
    });
    await TestBed.inject(LanguageService).init();
    await TestBed.inject(Router).navigateByUrl('/sign-in');
    expect(TestBed.inject(TranslateService).instant('account.signIn.forgot')).toBe('Wachtwoord vergeten?');
  });

  it('translates page titles, and re-titles the page on a language switch', async () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['en']);
    const language = TestBed.inject(LanguageService);
    await language.init();
    await TestBed.inject(Router).navigateByUrl('/health');
    expect(TestBed.inject(Title).getTitle()).toBe('System health · Kaizen Loop');

    await language.use('nl');
    TestBed.tick(); // the title follows in the render that the switch schedules
    expect(TestBed.inject(Title).getTitle()).toBe('Systeemstatus · Kaizen Loop');
  });
});
