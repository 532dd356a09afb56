// Serves the web app from dist/web: /assets/* as built, and index.html for every other GET that no controller took
// (the app's own routes: /login, /issues/…), so deep links and reloads work. /api and /health never fall back to the
// app: an unknown path there is the API's JSON 404.
import { Controller, Get, Inject, NotFoundException, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { escapeHtml } from '../common/html';
import { IMMUTABLE_CACHE, REVALIDATE_CACHE, WebAssets } from './web-assets';

/** Paths that belong to the API, never to the app. */
const API_PATH = /^\/(api|health)(\/|$)/;

@ApiExcludeController()
@Public()
@Controller()
export class WebController {
  constructor(@Inject(WebAssets) private readonly assets: WebAssets) {}

  @Get('assets/*path')
  asset(@Param('path') path: string[], @Req() request: Request, @Res() response: Response): void {
    const file = this.assets.resolve(['assets', ...path]);
    if (!file) throw new NotFoundException(`No such asset: ${request.path}`);
    this.assets.send(request, response, file, IMMUTABLE_CACHE);
  }

  @Get('{*path}')
  app(@Param('path') path: string[] | undefined, @Req() request: Request, @Res() response: Response): void {
    if (API_PATH.test(request.path)) throw new NotFoundException(`Cannot GET ${request.path}`);
    // A file at the top of dist/web (robots.txt, a favicon) is served as it is; everything else is a route of the app.
    const file = path?.length === 1 ? this.assets.resolve(path) : null;
    if (file && !file.endsWith('index.html')) return this.assets.send(request, response, file, REVALIDATE_CACHE);
    // A missing file (a name with an extension) is a 404, not the app: the app's routes have no dots in them.
    if (path?.length && /\.[A-Za-z0-9]+$/.test(path[path.length - 1])) {
      throw new NotFoundException(`No such file: ${request.path}`);
    }
    const index = this.assets.resolve(['index.html']);
    if (index) return this.assets.send(request, response, index, REVALIDATE_CACHE);
    response.status(200).type('html').setHeader('Cache-Control', 'no-store').send(notBuiltPage(this.assets.root));
  }
}

/** What `/` says when the web app has not been built: the API still works, and this says how to get the app. */
function notBuiltPage(root: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>联络 Lianluo</title><style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:40rem}</style></head>
<body><h1>联络 Lianluo</h1><p>人大代表联系群众意见办理系统 · From voters' issues to departments' replies.</p>
<p>网页端尚未构建：运行 <code>npm run build</code>。The web app is not built (${escapeHtml(root)} is missing): run <code>npm run build</code>.</p>
<ul><li><a href="/health">/health</a> 运行状态 · health</li><li><a href="/api/docs">/api/docs</a> API</li><li><a href="/dev/mail">/dev/mail</a> 开发邮箱 · dev mailbox</li></ul></body></html>`;
}
