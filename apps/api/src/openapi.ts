import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { MAX_JSON_BODY_BYTES, MAX_JSON_DEPTH, ProblemDetailsDto } from '@kaizen/api/util-core';
import { makeSchemasExact } from './exact-schemas';

/** The OpenAPI document is generated from the code; the web client is generated from it. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Kaizen Loop API')
    .setDescription(
      'Continuous-improvement experiments, from hypothesis through approval to result and lesson. ' +
        'Request bodies are JSON only (application/json or a +json type, else 415), at most ' +
        `${MAX_JSON_BODY_BYTES} bytes of UTF-8 (else 413 naming body), at most ${MAX_JSON_DEPTH} levels deep, without ` +
        '__proto__, constructor or prototype keys. Every string of a request must hold no NUL and no lone UTF-16 ' +
        'surrogate. Every object schema lists all the fields it accepts (additionalProperties: false). The format ' +
        'iana-time-zone is a name of the IANA time-zone database, such as Europe/Amsterdam; x-required-when names ' +
        'the values of other fields under which a field is required. Refusals are problem details naming each field and rule.',
    )
    .setVersion('1')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT or kzl_ API token',
      description:
        'The accessToken of a session (a JWT), or an API token (kzl_…, made under organisation-tokens or ' +
        'personal-tokens). An API token acts in its own organisation with the rights of its person, and only on ' +
        'routes whose permission is in its scopes: any other route answers 403 naming the missing permission. ' +
        'Each token has its own rate limit per minute (429 with Retry-After beyond it).',
    })
    .build();
  return makeSchemasExact(
    SwaggerModule.createDocument(app, config, {
      extraModels: [ProblemDetailsDto],
      operationIdFactory: (_controller, method) => method,
    }),
  );
}
