// The station ledgers and the deputy's performance file, as CSV or XLSX for the archive.
import { Controller, Get, Inject, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ApiErrors, ApiSignedIn } from '../common/swagger';
import { downloadOf } from '../common/export/download';
import { LedgersService } from './ledgers.service';
import { DeputyParams, LedgerQuery, StationParams } from './supervision.dto';
import { XLSX_MIME } from '../common/export/xlsx';

@ApiTags('supervision')
@ApiSignedIn()
@ApiErrors(400, 403, 404)
@Controller('api/supervision/ledgers')
export class LedgersController {
  constructor(@Inject(LedgersService) private readonly ledgers: LedgersService) {}

  @Get('stations/:station')
  @Roles('supervisor', 'liaison', 'admin')
  @ApiOperation({
    summary: "A station's problems-reported ledger (反映问题登记簿) for a period",
    description:
      'One row per issue collected at the station in [from, to): the referral (lead department, date, deadline) and ' +
      'the reply (date, class, on time, rating). Voter data masked. The XLSX adds the voter-reception register ' +
      '(one row per reception day and per issue raised there) and the visits register (header-only until visits ' +
      'are recorded); the CSV holds the problems only.',
  })
  @ApiProduces('text/csv', XLSX_MIME)
  @ApiOkResponse({ description: 'The file, as an attachment.' })
  async station(
    @CurrentUser() user: AuthUser,
    @Param() params: StationParams,
    @Query() query: LedgerQuery,
  ): Promise<StreamableFile> {
    return downloadOf(await this.ledgers.stationLedger(user, params.station, query));
  }

  @Get('deputies/:deputy')
  @Roles('supervisor', 'liaison', 'admin', 'deputy')
  @ApiOperation({
    summary: "A deputy's performance file (履职档案) for a period",
    description:
      'The issues the deputy collected in [from, to), with their replies and ratings; the XLSX adds a summary sheet ' +
      'with the same figures as the rates. Deputies may export their own; supervisors and liaison officers, the ' +
      'issues in their regions of a deputy sitting at a station there. Voter data masked.',
  })
  @ApiProduces('text/csv', XLSX_MIME)
  @ApiOkResponse({ description: 'The file, as an attachment.' })
  async deputy(
    @CurrentUser() user: AuthUser,
    @Param() params: DeputyParams,
    @Query() query: LedgerQuery,
  ): Promise<StreamableFile> {
    return downloadOf(await this.ledgers.deputyFile(user, params.deputy, query));
  }
}
