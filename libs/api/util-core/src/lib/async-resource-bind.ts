import { AsyncResource } from 'node:async_hooks';

type Bind = typeof AsyncResource.bind;

/**
 * Node 20's `AsyncResource.bind` gives every bound function a deprecated `asyncResource` property (DEP0172) through
 * two `util.deprecate` wrappers, whose `Object.setPrototypeOf` makes each call cost 20 to 100 µs. Nest calls it twice
 * per request for its interceptors, a tenth of a list read's CPU. Node drops the property (nodejs/node#58618); this
 * installs the same binding without it where the running Node still adds it: same resource, context, `this` and
 * result.
 */
export function installLeanAsyncResourceBind(): void {
  if (!('asyncResource' in AsyncResource.bind(() => undefined))) return;
  AsyncResource.bind = leanBind as Bind;
}

function leanBind<Func extends (this: unknown, ...args: unknown[]) => unknown>(
  fn: Func,
  type?: string,
  thisArg?: unknown,
): Func {
  const resource = new AsyncResource(type || fn.name || 'bound-anonymous-fn');
  if (thisArg !== undefined) return resource.runInAsyncScope.bind(resource, fn, thisArg) as unknown as Func;
  return function bound(this: unknown, ...args: unknown[]) {
    return resource.runInAsyncScope(fn, this, ...args);
  } as Func;
}
