// Owns the caching rule for the API's answers: every /api response may carry personal data (issues, voters, ledgers,
// exports, error bodies that echo a request), so none is stored by a browser or a proxy. Static assets of the web UI
// set their own caching (web-assets.ts); a handler that sets Cache-Control itself keeps its own value.
import type { NextFunction, Request, Response } from 'express';

export function noStoreForApi(request: Request, response: Response, next: NextFunction): void {
  if (request.path === '/api' || request.path.startsWith('/api/')) response.setHeader('Cache-Control', 'no-store');
  next();
}
