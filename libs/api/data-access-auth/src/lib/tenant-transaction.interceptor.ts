import {
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { TenantTransactions, type TenantEntry } from '@kaizen/api/data-access-db';
import { LeadershipRepository } from './leadership.repository';
import type { RequestWithActor } from './actor';
import { withRequestOrigin } from './request-origin';

/** Methods that only read: their requests take `TenantTransactions.read`. */
const READS = new Set(['GET', 'HEAD']);

/**
 * One request, one transaction, in the actor's organisation. The membership is re-read inside it,
 * so a deactivation or a role change takes effect at once, not when the token expires. The request's
 * address travels with it, for the audit log.
 */
@Injectable()
export class TenantTransactionInterceptor implements NestInterceptor {
  constructor(
    private readonly transactions: TenantTransactions,
    private readonly leadership: LeadershipRepository,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<RequestWithActor>();
    const actor = request.actor;
    if (!actor) return next.handle();
    const scope = {
      organisationId: actor.organisationId,
      userId: actor.userId,
      membershipId: actor.membershipId,
    };
    const checkRole = ({ role }: TenantEntry) => {
      if (role !== actor.role) {
        throw new UnauthorizedException('Your membership has changed; refresh your session or sign in again');
      }
    };
    const handle = async () => {
      if (request.placementPermission && !(await this.leadership.leadsOrHeads(actor.membershipId))) {
        throw new ForbiddenException(
          `The role ${actor.role} does not allow ${request.placementPermission}, and no team you lead or department you head does`,
        );
      }
      return lastValueFrom(next.handle(), { defaultValue: undefined });
    };
    return from(
      withRequestOrigin({ ip: request.ip }, () =>
        // A read enters the tenant with each of its statements, checking the role each time (one round trip
        // for a one-statement read); anything else enters it once, with BEGIN, reading the role in that round trip.
        READS.has(request.method)
          ? this.transactions.read(scope, checkRole, handle)
          : this.transactions.run(scope, async (entry) => {
              checkRole(entry);
              return handle();
            }),
      ),
    );
  }
}
