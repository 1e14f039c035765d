import { Routes } from '@angular/router';
import { describe, expect, it } from 'vitest';
import { readAhead } from '@kaizen/web/data-access-api';
import { texts } from '@kaizen/web/util-i18n';
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
      { path: '', pathMatch: 'full', canActivate: [texts('home')], loadComponent: component('home') },
      {
        path: 'health',
        loadChildren: children('health', [{ path: '', loadComponent: component('health-page') }]),
      },
      {
        path: '',
        loadChildren: children('lazy', [
          {
            path: 'experiments',
            canActivate: [texts('experiments', 'measures')],
            loadChildren: children('experiments', [
              {
                path: '',
                data: readAhead(async () => undefined),
                loadComponent: component('experiments-page'),
              },
              { path: ':id', loadComponent: component('experiment-page') },
            ]),
          },
          {
            path: '',
            canActivate: [texts('account')],
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

  it('follows pass-through routes whose children are in the table itself', async () => {
    const loaded: string[] = [];
    class Page {}
    const routes: Routes = [
      {
        path: 'people',
        canActivate: [texts('people')],
        children: [
          {
            path: '',
            loadComponent: () => {
              loaded.push('people');
              return Promise.resolve(Page);
            },
          },
        ],
      },
      {
        path: '',
        children: [
          {
            path: '',
            canActivate: [texts('account')],
            children: [
              {
                path: 'sign-in',
                loadComponent: () => {
                  loaded.push('sign-in');
                  return Promise.resolve(Page);
                },
              },
            ],
          },
        ],
      },
    ];
    const namespaces: string[] = [];
    await warmFirstRoute(routes, '/sign-in', { texts: (names) => namespaces.push(...names) });
    expect(loaded).toEqual(['sign-in']);
    expect(namespaces).toEqual(['account']);
    await warmFirstRoute(routes, '/people', { texts: (names) => namespaces.push(...names) });
    expect(loaded).toEqual(['sign-in', 'people']);
    expect(namespaces).toEqual(['account', 'people']);
  });

  it('asks for the texts of every route on the way in one call, before it first waits, where their tables are in the bundle', () => {
    class Page {}
    const routes: Routes = [
      {
        path: '',
        canActivate: [texts('outer')],
        children: [
          {
            path: '',
            canActivate: [texts('account')],
            children: [
              { path: 'sign-in', canActivate: [texts('signIn')], loadComponent: () => Promise.resolve(Page) },
            ],
          },
        ],
      },
    ];
    const calls: string[][] = [];
    void warmFirstRoute(routes, '/sign-in', { texts: (names) => calls.push([...names]) });
    // Synchronously: LanguageService's first download (the common texts) can bring them along.
    expect(calls).toEqual([['outer', 'account', 'signIn']]);
  });

  it('starts nothing more for a path no route names', async () => {
    const { routes, loaded } = table();
    await warmFirstRoute(routes, '/nowhere');
    expect(loaded).toEqual(['lazy', 'account']);
  });

  it("starts the texts of the page's route and of the routes it passes through, with its code", async () => {
    const { routes } = table();
    const asked = async (path: string) => {
      const namespaces: string[] = [];
      await warmFirstRoute(routes, path, { texts: (names) => namespaces.push(...names) });
      return namespaces;
    };
    expect(await asked('/')).toEqual(['home']);
    expect(await asked('/sign-in')).toEqual(['account']);
    expect(await asked('/experiments/42')).toEqual(['experiments', 'measures']);
  });

  it("starts the page's read ahead only where the path is that page's whole path", async () => {
    const { routes } = table();
    const reads = async (path: string) => {
      let started = 0;
      await warmFirstRoute(routes, path, { read: () => (started += 1) });
      return started;
    };
    expect(await reads('/experiments')).toBe(1);
    expect(await reads('/experiments/42')).toBe(0);
    expect(await reads('/')).toBe(0);
    expect(await reads('/sign-in')).toBe(0);
  });
});
