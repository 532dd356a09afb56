// Owns the OpenAPI document: generated from the controllers and DTOs, served at /api/docs and /api/docs-json.
import { applyDecorators, type INestApplication } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ApiErrorBody } from './api-error';

export const BEARER = 'access-token';

export function setupSwagger(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('联络 Lianluo API')
      .setDescription(
        'Voter issues from deputies to departments. Sign in with POST /api/auth/login, then send ' +
          '`Authorization: Bearer <accessToken>`. Every error has the shape of ApiErrorBody.',
      )
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER)
      .build(),
    { extraModels: [ApiErrorBody] },
  );
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs-json',
    yamlDocumentUrl: 'api/docs-yaml',
    customSiteTitle: '联络 Lianluo API',
  });
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input; `fields` names each bad field',
  401: 'Not signed in, or the access token is expired or invalid',
  403: 'Signed in, but not allowed to do this',
  404: 'Not found, or not visible to you',
  409: 'Conflicts with the current state',
  429: 'Too many requests; see Retry-After',
};

/** Documents the error answers of an endpoint with the common error body: `@ApiErrors(400, 403, 404)`. */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'Error', type: ApiErrorBody }),
    ),
  );
}

/** A signed-in endpoint: bearer auth in the docs plus the 401 answer. */
export function ApiSignedIn(): MethodDecorator & ClassDecorator {
  return applyDecorators(ApiBearerAuth(BEARER), ApiErrors(401));
}
