import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse } from '@nestjs/swagger';
import type { HealthCheckResult } from '@nestjs/terminus';
import type { Response } from 'express';
import { HealthService, type HealthReport } from './health.service';
import { Public } from '../auth/auth.decorators';

/**
 * Liveness and readiness, the way orchestrators ask: restart the process when /health/live fails, send it no traffic
 * while /health/ready fails. Each answers within about a second whatever the dependencies do.
 */
@Public()
@Controller('health')
export class HealthController {
  constructor(@Inject(HealthService) private readonly health: HealthService) {}

  /** Readiness, in the body GET /health has always had: 200 when PostgreSQL, Temporal and SMTP answer, else 503. */
  @Get()
  @ApiOkResponse({ description: 'PostgreSQL, Temporal and SMTP answer' })
  @ApiServiceUnavailableResponse({ description: 'A dependency does not answer (named in the body)' })
  async check(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    const report = await this.health.report();
    response.status(report.status === 'ok' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }

  /** 200 while the process answers and its event loop runs; asks no dependency. */
  @Get('live')
  @ApiOkResponse({ description: 'The process answers and its event loop runs' })
  @ApiServiceUnavailableResponse({ description: 'The event loop stalled: restart the process' })
  async live(@Res({ passthrough: true }) response: Response): Promise<HealthCheckResult> {
    return answer(response, await this.health.live());
  }

  /** 200 when PostgreSQL, Temporal and SMTP answer; 503 naming the failing ones under `error` otherwise. */
  @Get('ready')
  @ApiOkResponse({ description: 'PostgreSQL, Temporal and SMTP answer' })
  @ApiServiceUnavailableResponse({ description: 'A dependency does not answer (named under `error`)' })
  async ready(@Res({ passthrough: true }) response: Response): Promise<HealthCheckResult> {
    return answer(response, await this.health.ready());
  }
}

// Written here rather than thrown: the API's exception filter would replace terminus's body with an error body.
function answer(response: Response, result: HealthCheckResult): HealthCheckResult {
  response.status(result.status === 'error' ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK);
  return result;
}
