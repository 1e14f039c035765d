import { AsyncLocalStorage, AsyncResource, createHook, executionAsyncId } from 'node:async_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { installLeanAsyncResourceBind } from './async-resource-bind';

const original = AsyncResource.bind;
afterAll(() => {
  AsyncResource.bind = original;
});

describe('installLeanAsyncResourceBind', () => {
  installLeanAsyncResourceBind();
  const storage = new AsyncLocalStorage<string>();

  it('binds without the deprecated asyncResource property, whose getters made each bind slow', () => {
    expect('asyncResource' in AsyncResource.bind(() => undefined)).toBe(false);
  });

  it('runs the function in the context it was bound in, wherever it is called', async () => {
    const bound = storage.run('request 1', () => AsyncResource.bind(() => storage.getStore()));
    expect(storage.run('request 2', () => bound())).toBe('request 1');
    expect(await new Promise((resolve) => setImmediate(() => resolve(bound())))).toBe('request 1');
  });

  it('passes arguments and the result through, with the caller’s this unless one is given', () => {
    const target = { name: 'caller' };
    const unbound = AsyncResource.bind(function (this: unknown, a: number, b: number) {
      return `${(this as { name: string }).name} ${a + b}`;
    });
    expect(unbound.call(target, 1, 2)).toBe('caller 3');
    const fixed = AsyncResource.bind(
      function (this: unknown) {
        return (this as { name: string }).name;
      },
      undefined,
      { name: 'given' },
    );
    expect(fixed.call(target)).toBe('given');
  });

  it('runs each call inside a resource of its own type, as Node’s bind does', () => {
    const types = new Map<number, string>();
    const hook = createHook({ init: (id, type) => types.set(id, type) }).enable();
    try {
      const named = AsyncResource.bind(function handleJob() {
        return executionAsyncId();
      });
      expect(types.get(named())).toBe('handleJob');
      expect(types.get(AsyncResource.bind(() => executionAsyncId(), 'request')())).toBe('request');
    } finally {
      hook.disable();
    }
  });
});
