import {
  applyDecorators,
  HttpCode,
  HttpStatus,
  Injectable,
  SetMetadata,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type Type,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiCreatedResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, type Observable } from 'rxjs';

/** The prefix every API route has; a Location names a URL a client can GET as it is. */
export const API_PREFIX = 'api';

const LOCATION_OF = Symbol('locationOf');

/**
 * A route that creates: it answers 201 with the created item and a `Location` header, the item's URL.
 * `locationOf` gives that URL below the API prefix from the item and the route's parameters
 * (`departments/${item.id}`, `measures/${params.id}/points/${item.id}`).
 */
export function Creates<T>(
  type: Type<T>,
  locationOf: (item: T, params: Record<string, string>) => string,
): MethodDecorator {
  return applyDecorators(
    HttpCode(HttpStatus.CREATED),
    SetMetadata(LOCATION_OF, locationOf),
    UseInterceptors(LocationHeader),
    ApiCreatedResponse({
      type,
      headers: { Location: { description: 'The URL of the created item.', schema: { type: 'string' } } },
    }),
  );
}

@Injectable()
class LocationHeader implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const locationOf = this.reflector.get<(item: unknown, params: Record<string, string>) => string>(
      LOCATION_OF,
      context.getHandler(),
    );
    const http = context.switchToHttp();
    const params = http.getRequest<FastifyRequest>().params as Record<string, string>;
    return next.handle().pipe(
      map((item) => {
        http.getResponse<FastifyReply>().header('Location', `/${API_PREFIX}/${locationOf(item, params)}`);
        return item;
      }),
    );
  }
}
