// Checks real answers against the OpenAPI document the API serves: the status must be one the operation documents, and
// a JSON body must match that status's schema (types, formats, required and nullable fields). The document is OpenAPI
// 3.0, so `nullable` is turned into JSON Schema's null type before ajv sees it; nothing else is relaxed.
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Http, HttpResponse, RequestOptions } from '../auth/support/http';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: Json }> }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json> };
}

export interface Violation {
  call: string;
  status: number;
  problem: string;
}

/** OpenAPI 3.0's `nullable: true` as JSON Schema: the schema itself, or null. */
function toJsonSchema(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const converted: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'nullable' || key === 'example' || key === 'examples') continue;
    converted[key] = key === 'properties' ? mapValues(value, toJsonSchema) : toJsonSchema(value);
  }
  return schema.nullable === true ? { anyOf: [converted, { type: 'null' }] } : converted;
}

function mapValues(value: Json, map: (value: Json) => Json): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, map(entry)]));
}

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  params: number;
  operation: Operation;
}

export class OpenApiResponses {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly routes: Route[];
  private readonly validators = new Map<string, ValidateFunction>();
  readonly violations: Violation[] = [];
  /** `GET /api/issues/{id} 200`: each operation and status seen, to tell what a run covered. */
  readonly seen = new Set<string>();

  constructor(document: OpenApiDocument) {
    addFormats(this.ajv);
    this.ajv.addSchema({ components: { schemas: mapValues(document.components.schemas, toJsonSchema) } }, 'openapi');
    this.routes = Object.entries(document.paths)
      .flatMap(([template, methods]) =>
        Object.entries(methods).map(([method, operation]) => ({
          method: method.toUpperCase(),
          template,
          pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
          params: (template.match(/\{/g) ?? []).length,
          operation,
        })),
      )
      // A literal segment wins over a parameter: /api/deputies/me/duties before /api/deputies/{id}.
      .sort((a, b) => a.params - b.params);
  }

  /** Records each problem of one answer; returns them too. */
  check(method: string, url: string, response: HttpResponse<unknown>): Violation[] {
    const path = new URL(url, 'http://localhost').pathname;
    const route = this.routes.find((candidate) => candidate.method === method && candidate.pattern.test(path));
    const call = `${method} ${route?.template ?? path}`;
    const found: Violation[] = [];
    const problem = (text: string) => found.push({ call, status: response.status, problem: text });
    if (!route) {
      problem('no operation in the document');
    } else {
      this.seen.add(`${method} ${route.template} ${response.status}`);
      const documented = route.operation.responses[String(response.status)] ?? route.operation.responses.default;
      const contentType = (response.headers.get('content-type') ?? '').split(';')[0].trim();
      if (!documented) {
        problem(`status ${response.status} is not documented (${Object.keys(route.operation.responses).join(', ')})`);
      } else if (contentType === 'application/json') {
        const schema = documented.content?.['application/json']?.schema;
        if (!schema) {
          problem(`a JSON body is not documented: ${JSON.stringify(response.body).slice(0, 200)}`);
        } else {
          const validate = this.validator(`${method} ${route.template} ${response.status}`, schema);
          if (!validate(response.body)) {
            for (const error of validate.errors ?? []) {
              problem(`${error.instancePath || '(body)'} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
            }
          }
        }
      } else if (response.status !== 204 && documented.content && !documented.content[contentType]) {
        problem(
          `content type ${contentType || '(none)'} is not documented (${Object.keys(documented.content).join(', ')})`,
        );
      }
    }
    this.violations.push(...found);
    return found;
  }

  /** Wraps `http` so that every answer it receives is checked. */
  watch(http: Http): void {
    const request = http.request.bind(http);
    http.request = async <T>(method: string, path: string, options?: RequestOptions): Promise<HttpResponse<T>> => {
      const response = await request<T>(method, path, options);
      this.check(method.toUpperCase(), path, response);
      return response;
    };
  }

  private validator(key: string, schema: Json): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      // Component references point into the schema registered as `openapi`.
      const rewritten = JSON.parse(
        JSON.stringify(toJsonSchema(schema)).replace(/"#\/components\/schemas\//g, '"openapi#/components/schemas/'),
      ) as Json;
      validate = this.ajv.compile(rewritten as object);
      this.validators.set(key, validate);
    }
    return validate;
  }
}
