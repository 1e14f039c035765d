import {
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { can, placementPermissions, tokenRefusal, type Permission } from '@kaizen/shared/domain-access';
import { PUBLIC_ROUTE, REQUIRED_PERMISSION } from './access.decorators';
import type { RequestWithActor } from './actor';
import { ApiTokenAuthenticator, isApiToken } from './api-token-authenticator';
import { TokenService } from './token.service';

/**
 * The one access check: every route is closed unless marked `@Public()`; a signed-in person
 * reaches it in the organisation of their token, and only with a role the matrix allows. An API token (`kzl_…`)
 * acts for its person in its organisation, and only on routes whose permission is in its scopes.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly apiTokens: ApiTokenAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<RequestWithActor>();
    const header = request.headers['authorization'];
    const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : undefined;
    if (!token)
      throw new UnauthorizedException(
        'Sign in to continue: send an access token as "Authorization: Bearer <token>"',
      );
    const actor = isApiToken(token)
      ? await this.apiTokens.authenticate(token, {
          method: request.method,
          path: request.url,
          ip: request.ip,
        })
      : await this.tokens.verifyAccessToken(token);
    if (!actor)
      throw new UnauthorizedException(
        isApiToken(token)
          ? 'The API token is unknown, expired or revoked'
          : 'The access token is invalid or has expired; refresh it or sign in again',
      );

    const permission = this.reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION, targets);
    const refusal = actor.token && tokenRefusal(actor.token.scopes, permission);
    if (refusal) throw new ForbiddenException(refusal);
    if (permission && !can(actor.role, permission)) {
      // A lead or head may hold it through a placement, which lives in the tenant's data: checked in its transaction.
      if (!placementPermissions.includes(permission))
        throw new ForbiddenException(`The role ${actor.role} does not allow ${permission}`);
      request.placementPermission = permission;
    }
    request.actor = actor;
    return true;
  }
}
