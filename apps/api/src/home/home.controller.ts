import { Controller, Get, Header } from '@nestjs/common';
import { Public } from '../auth/auth.decorators';

/** A plain start page until the web app is served here. */
@Public()
@Controller()
export class HomeController {
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  home(): string {
    return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>联络 Lianluo</title><style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:40rem}</style></head>
<body><h1>联络 Lianluo</h1><p>人大代表联系群众意见办理系统 · From voters' issues to departments' replies.</p>
<ul><li><a href="/health">/health</a> 运行状态 · health</li><li><a href="/dev/mail">/dev/mail</a> 开发邮箱 · dev mailbox</li></ul></body></html>`;
  }
}
