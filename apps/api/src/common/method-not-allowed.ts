// Owns the answer to a known path asked with a method it does not take: 405 with an Allow header naming the methods it
// does take (RFC 9110 §15.5.6), in the common error shape, instead of the router's 404 that says the path is unknown.
// The routes are read from the OpenAPI document, which is generated from the controllers.
import { MethodNotAllowedException } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';

interface KnownPath {
  pattern: RegExp;
  /** Path parameters: where two templates match, the one with fewer is the resource (`/rules/resolve`, not `{id}`). */
  params: number;
  methods: string[];
}

/** `/api/issues/{id}` as a pattern matching one path segment per parameter. */
function patternOf(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\{[^}]+\}/g, '[^/]+')}/?$`);
}

export function methodNotAllowed(document: OpenAPIObject) {
  const known: KnownPath[] = Object.entries(document.paths).map(([template, item]) => {
    const methods = ['get', 'put', 'post', 'delete', 'patch'].filter((method) => method in item);
    // Express answers HEAD with the GET handler.
    if (methods.includes('get')) methods.push('head');
    return {
      pattern: patternOf(template),
      params: (template.match(/\{/g) ?? []).length,
      methods: methods.map((method) => method.toUpperCase()),
    };
  });
  return (request: Request, response: Response, next: NextFunction): void => {
    const candidates = known.filter((path) => path.pattern.test(request.path));
    const fewest = Math.min(...candidates.map((path) => path.params));
    const matches = candidates.filter((path) => path.params === fewest);
    // A path no operation documents is the router's to answer (404, or the web app); so is a method one of them takes.
    if (!matches.length || matches.some((path) => path.methods.includes(request.method))) return next();
    response.setHeader('Allow', [...new Set(matches.flatMap((path) => path.methods))].sort().join(', '));
    next(new MethodNotAllowedException(`${request.method} is not allowed on ${request.path}`));
  };
}
