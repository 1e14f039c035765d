import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { beforeEach, describe, expect, it } from 'vitest';
import { AppComponent } from './app.component';
import { appRoutes } from './app.routes';

describe('AppComponent', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [AppComponent],
      providers: [provideRouter(appRoutes), provideHttpClient(), provideHttpClientTesting()],
    });
  });

  it('frames the pages in the Kaizen Loop shell with links to home and health', async () => {
    const fixture = TestBed.createComponent(AppComponent);
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;

    expect(element.querySelector('[data-testid="product-name"]')?.textContent?.trim()).toBe('Kaizen Loop');
    expect(element.querySelector('[data-testid="nav-home"]')?.getAttribute('href')).toBe('/');
    expect(element.querySelector('[data-testid="nav-health"]')?.getAttribute('href')).toBe('/health');
  });

  it('shows the home page at the root and the lazily loaded health page at /health', async () => {
    const fixture = TestBed.createComponent(AppComponent);
    const router = TestBed.inject(Router);
    const element: HTMLElement = fixture.nativeElement;

    await router.navigateByUrl('/');
    await fixture.whenStable();
    expect(element.querySelector('main h1')?.textContent?.trim()).toBe('Welcome to Kaizen Loop');

    await router.navigateByUrl('/health');
    fixture.detectChanges();
    expect(element.querySelector('main h1')?.textContent?.trim()).toBe('System health');
    expect(element.querySelector('[data-testid="nav-health"]')?.getAttribute('aria-current')).toBe('page');

    // The page asks the API for its health through the generated client.
    const http = TestBed.inject(HttpTestingController);
    http.expectOne('/api/health');
    http.expectOne('/api/health/ready');
  });

  it('sends unknown addresses home', async () => {
    const fixture = TestBed.createComponent(AppComponent);
    const router = TestBed.inject(Router);

    await router.navigateByUrl('/no-such-page');
    await fixture.whenStable();
    expect(router.url).toBe('/');
  });
});
