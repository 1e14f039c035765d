import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Permission } from '@kaizen/shared/domain-access';
import type { RequestWithActor } from './actor';

export const PUBLIC_ROUTE = 'kaizen:public';
export const REQUIRED_PERMISSION = 'kaizen:permission';

/** Open without signing in (sign-up, sign-in, health). Such a route sets up its own transactions. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Signed in, in an organisation, with a role the permission matrix allows. */
export const Requires = (permission: Permission) => SetMetadata(REQUIRED_PERMISSION, permission);

/** The acting person; present on every route that is not `@Public()`. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  return context.switchToHttp().getRequest<RequestWithActor>().actor;
});
