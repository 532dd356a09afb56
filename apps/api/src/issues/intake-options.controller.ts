// What a deputy may choose when submitting: the stations they serve, each with the places its township covers,
// and the active categories — exactly what intake accepts, so the form offers nothing the API would refuse.
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ApiErrors, ApiSignedIn } from '../common/swagger';
import { IntakeOptionsService } from './intake-options.service';

export class IntakeRefView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '城东社区' }) name!: string;
}

export class IntakeStationView extends IntakeRefView {
  @ApiProperty({ type: [IntakeRefView], description: 'The township itself and its villages and communities' })
  places!: IntakeRefView[];
}

export class IntakeOptionsView {
  @ApiProperty({ type: [IntakeStationView] }) stations!: IntakeStationView[];
  @ApiProperty({ type: [IntakeRefView] }) categories!: IntakeRefView[];
}

@ApiTags('issues')
@ApiSignedIn()
@Controller('api/intake-options')
export class IntakeOptionsController {
  constructor(@Inject(IntakeOptionsService) private readonly service: IntakeOptionsService) {}

  @Get()
  @Roles('deputy')
  @ApiOperation({ summary: "The stations, places and categories a deputy's submission may name" })
  @ApiOkResponse({ type: IntakeOptionsView })
  @ApiErrors(403)
  options(@CurrentUser() user: AuthUser): Promise<IntakeOptionsView> {
    return this.service.options(user.deputyId);
  }
}
