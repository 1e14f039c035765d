import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { beforeEach, describe, expect, it } from 'vitest';
import { SessionStore } from '@kaizen/web/data-access-auth';
import { provideI18nTesting } from '@kaizen/web/util-i18n/testing';
import { HomePageComponent } from './home-page.component';

describe('HomePageComponent', () => {
  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [HomePageComponent],
      providers: [
        provideRouter([]),
        provideI18nTesting('nl'),
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
    });
    // The signed-in work list is a deferred block: its code resolves before the page is made.
    await TestBed.compileComponents();
  });

  it('says it is loading while the session is restored', async () => {
    const fixture = TestBed.createComponent(HomePageComponent);
    await fixture.whenStable();
    expect(fixture.nativeElement.querySelector('[role="status"]')?.textContent?.trim()).toBe('Laden…');
  });

  it('pitches the product with sign-up and sign-in buttons to someone signed out, in Dutch', async () => {
    TestBed.inject(SessionStore).clear();
    const fixture = TestBed.createComponent(HomePageComponent);
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;

    expect(element.querySelector('h1')?.textContent?.trim()).toBe('Welkom bij Kaizen Loop');
    expect(element.querySelector('[data-testid="home-sign-up"]')?.textContent?.trim()).toBe(
      'Account aanmaken',
    );
    expect(element.querySelector('[data-testid="home-sign-in"]')?.getAttribute('href')).toBe('/sign-in');
    TestBed.inject(HttpTestingController).verify();
  });
});
