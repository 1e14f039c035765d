import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { describe, expect, it } from 'vitest';
import { HomePageComponent } from './home-page.component';

describe('HomePageComponent', () => {
  it('welcomes people and points to the system health page', async () => {
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
    const fixture = TestBed.createComponent(HomePageComponent);
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;

    expect(element.querySelector('h1')?.textContent?.trim()).toBe('Welcome to Kaizen Loop');
    expect(element.querySelector('a[href="/health"]')?.textContent?.trim()).toBe('Check the system health');
  });
});
