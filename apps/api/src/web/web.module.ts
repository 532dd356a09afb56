import { Module } from '@nestjs/common';
import { WebAssets } from './web-assets';
import { WebController } from './web.controller';

/**
 * The browser app, served from dist/web. Import it last in AppModule: its catch-all GET must be registered after
 * every other controller's routes, so it only answers what none of them did.
 */
@Module({ controllers: [WebController], providers: [WebAssets] })
export class WebModule {}
