// Owns the OpenAPI document: generated from the controllers and DTOs, served at /api/docs and /api/docs-json.
import { applyDecorators, type INestApplication, type Type } from '@nestjs/common';
import {
  type OpenAPIObject,
  ApiBearerAuth,
  ApiProperty,
  ApiResponse,
  DocumentBuilder,
  SwaggerModule,
  type ApiPropertyOptions,
} from '@nestjs/swagger';
import { ApiErrorBody } from './api-error';

export const BEARER = 'access-token';

/** Builds the document from the controllers and DTOs (setupApp reads the routes' methods from it too). */
export function createApiDocument(app: INestApplication): OpenAPIObject {
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
  requireFieldsInPatches(document);
  documentCommonAnswers(document);
  return document;
}

/** Serves the document at /api/docs (the UI), /api/docs-json and /api/docs-yaml. */
export function serveApiDocument(app: INestApplication, document: OpenAPIObject): void {
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs-json',
    yamlDocumentUrl: 'api/docs-yaml',
    customSiteTitle: '联络 Lianluo API',
  });
}

/**
 * Every PATCH body must name at least one field (input-guard's requirePatchBody answers 400 otherwise): said once here
 * for each PATCH's body schema, so the document cannot promise that `{}` is accepted.
 */
function requireFieldsInPatches(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    const content =
      item.patch?.requestBody && 'content' in item.patch.requestBody ? item.patch.requestBody.content : {};
    for (const media of Object.values(content)) {
      const ref = media.schema && '$ref' in media.schema ? media.schema.$ref : undefined;
      const schema = ref ? document.components?.schemas?.[ref.split('/').pop() ?? ''] : media.schema;
      if (schema && !('$ref' in schema)) schema.minProperties = 1;
    }
  }
}

/**
 * The answers every operation can give whatever its controller says, because app-wide pieces give them (setup-app.ts):
 * 400 from the validation pipe and the input guards wherever there is input, 413 from the body limit wherever there
 * is a body, 429 from the global rate limit. And an error is always ApiErrorBody as JSON, even on an operation that
 * produces HTML or a spreadsheet (@ApiProduces would otherwise claim its errors in those types too).
 */
function documentCommonAnswers(document: OpenAPIObject): void {
  const errorContent = { 'application/json': { schema: { $ref: `#/components/schemas/${ApiErrorBody.name}` } } };
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const common: number[] = [429];
      if (operation.parameters?.length || operation.requestBody) common.push(400);
      if (operation.requestBody) common.push(413);
      for (const status of common) {
        operation.responses[status] ??= { description: DESCRIPTIONS[status] ?? 'Error' };
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) >= 400 && response && !('$ref' in response)) response.content = errorContent;
      }
    }
  }
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input; `fields` names each bad field',
  401: 'Not signed in, or the access token is expired or invalid',
  403: 'Signed in, but not allowed to do this',
  404: 'Not found, or not visible to you',
  409: 'Conflicts with the current state',
  410: 'No longer held: erased under the retention rules',
  413: 'The body is larger than the API accepts',
  415: 'The content is not of a type the API accepts',
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

// ---------------------------------------------------------------------------------------------------------------
// Fields whose type reflection cannot tell. TypeScript emits `Object` for `string | null` and `Number` for every
// number, so a bare @ApiProperty() documents a nullable string as `object` and a count as a float. These decorators
// say the real type once, so the document cannot drift from what the response holds.

/** What a field holds on the wire: a JSON type, a string format, or a documented class. */
export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'uuid' | 'date' | 'date-time' | Type<unknown>;

/** The options a field may add: its type, format and nullability are the decorator's to say. */
export type FieldOptions = Omit<ApiPropertyOptions, 'type' | 'format' | 'nullable'>;

function typeOf(type: FieldType): Pick<ApiPropertyOptions, 'type' | 'format'> {
  switch (type) {
    case 'uuid':
    case 'date':
    case 'date-time':
      return { type: 'string', format: type };
    case 'string':
    case 'integer':
    case 'boolean':
      return { type };
    case 'number':
      return { type: 'number', format: 'double' };
    default:
      return { type };
  }
}

/** A field that may be null: `@ApiNullable('date-time') closedAt!: string | null`. */
export function ApiNullable(type: FieldType, options: FieldOptions = {}): PropertyDecorator {
  return ApiProperty({ ...options, ...typeOf(type), nullable: true } as ApiPropertyOptions);
}

/** A whole number (counts, rounds, levels, days): `integer` in the document, not `number`. */
export function ApiInteger(options: FieldOptions = {}): PropertyDecorator {
  return ApiProperty({ ...options, ...typeOf('integer') } as ApiPropertyOptions);
}

/** A fraction (a rate, a ratio): `number`, format double. */
export function ApiDecimal(options: FieldOptions = {}): PropertyDecorator {
  return ApiProperty({ ...options, ...typeOf('number') } as ApiPropertyOptions);
}

/** A calendar day, YYYY-MM-DD (China date). */
export function ApiDate(options: FieldOptions = {}): PropertyDecorator {
  return ApiProperty({ ...options, ...typeOf('date') } as ApiPropertyOptions);
}

/** An instant, ISO 8601 with time zone. */
export function ApiDateTime(options: FieldOptions = {}): PropertyDecorator {
  return ApiProperty({ ...options, ...typeOf('date-time') } as ApiPropertyOptions);
}
