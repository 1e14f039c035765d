import { Routes } from '@angular/router';
import { describe, expect, it } from 'vitest';
import { warmFirstRoute } from './warm-first-route';

describe('warmFirstRoute', () => {
  function table() {
    const loaded: string[] = [];
    class Page {}
    const component = (name: string) => () => {
      loaded.push(name);
      return Promise.resolve(Page);
    };
    const children = (name: string, routes: Routes) => () => {
      loaded.push(name);
      return Promise.resolve(routes);
    };
    const routes: Routes = [
      { path: '', pathMatch: 'full', loadComponent: component('home') },
      {
        path: 'health',
        loadChildren: children('health', [{ path: '', loadComponent: component('health-page') }]),
      },
      {
        path: '',
        loadChildren: children('lazy', [
          {
            path: 'experiments',
            loadChildren: children('experiments', [
              { path: '', loadComponent: component('experiments-page') },
              { path: ':id', loadComponent: component('experiment-page') },
            ]),
          },
          {
            path: '',
            loadChildren: children('account', [{ path: 'sign-in', loadComponent: component('sign-in') }]),
          },
        ]),
      },
    ];
    return { routes, loaded };
  }

  it('starts only the home page on /', async () => {
    const { routes, loaded } = table();
    await warmFirstRoute(routes, '/');
    expect(loaded).toEqual(['home']);
  });

  it('follows pass-through routes to the page of the first segment', async () => {
    const { routes, loaded } = table();
    await warmFirstRoute(routes, '/sign-in?returnUrl=%2Fexperiments');
    expect(loaded).toEqual(['lazy', 'account', 'sign-in']);
  });

  it("loads a feature's routes and its root page", async () => {
    const { routes, loaded } = table();
    await warmFirstRoute(routes, '/experiments');
    expect(loaded).toEqual(['lazy', 'experiments', 'experiments-page']);
  });

  it('starts nothing more for a path no route names', async () => {
    const { routes, loaded } = table();
    await warmFirstRoute(routes, '/nowhere');
    expect(loaded).toEqual(['lazy', 'account']);
  });
});
