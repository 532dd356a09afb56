// The Open311 GeoReport v2 server (http://wiki.open311.org/GeoReport_v2/): services are the issue categories, a
// posted request becomes a voter submission the deputy decides on, and every answer is JSON or XML by the path's
// extension. Public like the spec (GETs need no key); POST needs a client's api_key, counted per key per hour.
// Kept out of the OpenAPI document: GeoReport is its own published contract (test/open311 checks it against the
// Open311 schemas), with form bodies and a path-chosen format that the house's OpenAPI conventions do not describe.
import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Open311RateLimit, Public } from '../auth/auth.decorators';
import {
  OPEN311_FORMATS,
  REQUESTS_XML,
  sendOpen311,
  sendServiceDefinition,
  SERVICES_XML,
  type Open311Format,
} from './open311-format';
import { Open311Service, type RequestsQuery } from './open311.service';

@ApiExcludeController()
@Public()
@Controller('open311/v2')
export class Open311Controller {
  constructor(@Inject(Open311Service) private readonly open311: Open311Service) {}

  @Get('services.:format')
  async services(@Param('format') format: string, @Res() response: Response): Promise<void> {
    const as = formatOf(format);
    sendOpen311(response, as, SERVICES_XML, await this.open311.services());
  }

  @Get('services/:code.:format')
  async service(
    @Param('code') code: string,
    @Param('format') format: string,
    @Res() response: Response,
  ): Promise<void> {
    const as = formatOf(format);
    sendServiceDefinition(response, as, await this.open311.serviceDefinition(code));
  }

  @Post('requests.:format')
  @HttpCode(HttpStatus.OK)
  @Open311RateLimit()
  async create(
    @Param('format') format: string,
    @Body() form: Record<string, unknown>,
    @Res() response: Response,
  ): Promise<void> {
    const as = formatOf(format);
    sendOpen311(response, as, REQUESTS_XML, await this.open311.create(form));
  }

  @Get('requests.:format')
  async requests(
    @Param('format') format: string,
    @Query() query: RequestsQuery,
    @Res() response: Response,
  ): Promise<void> {
    const as = formatOf(format);
    sendOpen311(response, as, REQUESTS_XML, await this.open311.requests(query));
  }

  @Get('requests/:id.:format')
  async request(@Param('id') id: string, @Param('format') format: string, @Res() response: Response): Promise<void> {
    const as = formatOf(format);
    sendOpen311(response, as, REQUESTS_XML, await this.open311.request(id));
  }

  @Get('tokens/:token.:format')
  async token(
    @Param('token') token: string,
    @Param('format') format: string,
    @Res() response: Response,
  ): Promise<void> {
    const as = formatOf(format);
    sendOpen311(response, as, REQUESTS_XML, await this.open311.token(token));
  }
}

function formatOf(format: string): Open311Format {
  if (!(OPEN311_FORMATS as readonly string[]).includes(format)) {
    throw new NotFoundException('The format must be json or xml (services.json, services.xml)');
  }
  return format as Open311Format;
}
