// Owns where the built web app is (dist/web, made by `npm run build`) and how its files go out: hashed assets with a
// year-long immutable cache and, when the browser accepts it, the Brotli or gzip copy the build wrote beside them;
// index.html revalidated on every load so a new release is picked up at once.
import { Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, sep } from 'node:path';

/** Hashed file names (Vite's `[name]-[hash].[ext]`) never change content: cache them for a year. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
/** index.html and other unhashed files: always ask the server whether they changed. */
export const REVALIDATE_CACHE = 'no-cache';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** The folder holding Lianluo's package.json, from source (tests) or from dist/ (production). */
export function projectRoot(start: string = __dirname): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'lianluo') {
      return dir;
    }
    if (dirname(dir) === dir) return start;
  }
}

@Injectable()
export class WebAssets {
  private readonly logger = new Logger('WebAssets');
  readonly root = join(projectRoot(), 'dist', 'web');

  /** Whether `npm run build` has produced the web app. */
  get built(): boolean {
    return existsSync(join(this.root, 'index.html'));
  }

  /**
   * The file under dist/web for URL segments, or null when there is none (or the segments try to leave the folder).
   * Files are looked up on each request: a rebuild is served without a restart.
   */
  resolve(segments: string[]): string | null {
    if (!segments.length || segments.some((s) => !s || s.startsWith('.') || s.includes('/') || s.includes('\\'))) {
      return null;
    }
    const file = join(this.root, ...segments);
    if (!file.startsWith(this.root + sep)) return null;
    try {
      return statSync(file).isFile() ? file : null;
    } catch {
      return null;
    }
  }

  /** Sends a file with its cache policy, preferring a precompressed copy the client accepts. */
  send(request: Request, response: Response, file: string, cacheControl: string): void {
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    response.setHeader('Content-Type', type);
    response.setHeader('Cache-Control', cacheControl);
    response.setHeader('Vary', 'Accept-Encoding');
    const accepted = request.header('accept-encoding') ?? '';
    let served = file;
    for (const [encoding, suffix] of [
      ['br', '.br'],
      ['gzip', '.gz'],
    ] as const) {
      if (new RegExp(`\\b${encoding}\\b`).test(accepted) && existsSync(file + suffix)) {
        response.setHeader('Content-Encoding', encoding);
        served = file + suffix;
        break;
      }
    }
    response.sendFile(served, { dotfiles: 'deny', lastModified: true, etag: true }, (error?: Error) => {
      if (!error || response.headersSent) return;
      this.logger.warn(`Could not send ${served}: ${error.message}`);
      response.removeHeader('Content-Encoding');
      response.status(404).end();
    });
  }
}
