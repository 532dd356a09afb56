import { ApiProperty } from '@nestjs/swagger';
import { ApiDateTime, ApiInteger } from '../common/swagger';
import { PeriodView, ScopeView } from './supervision.dto';

export class IssueRefView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'YYX-2026-00123' }) number!: string;
}

export class HotspotCellView {
  @ApiProperty({ format: 'uuid' }) placeId!: string;
  @ApiProperty({ example: '城东社区' }) placeName!: string;
  @ApiProperty({ format: 'uuid' }) categoryId!: string;
  @ApiProperty({ example: '道路交通' }) categoryName!: string;
  @ApiProperty({ example: '2026-03', description: 'China calendar month of submission.' }) month!: string;
  @ApiInteger() count!: number;
  @ApiProperty({ type: [IssueRefView], description: 'The issues behind the count, oldest first.' })
  issues!: IssueRefView[];
}

export class RepeatedProblemView {
  @ApiProperty({ format: 'uuid', description: 'The first issue that raised it.' }) id!: string;
  @ApiProperty({ example: 'YYX-2026-00123' }) number!: string;
  @ApiProperty() title!: string;
  @ApiProperty() placeName!: string;
  @ApiProperty() categoryName!: string;
  @ApiDateTime() submittedAt!: string;
  @ApiInteger({ description: 'Later issues alike to it (same place and category, within the window).' })
  repeats!: number;
  @ApiProperty({ type: [IssueRefView], description: 'The first issue, then the repeats, oldest first.' })
  issues!: IssueRefView[];
}

export class HotspotsView {
  @ApiProperty({ type: ScopeView }) scope!: ScopeView;
  @ApiProperty({ type: PeriodView }) period!: PeriodView;
  @ApiProperty({ type: [HotspotCellView], description: 'Place × category × month, largest first, at most 200.' })
  cells!: HotspotCellView[];
  @ApiProperty({ type: [RepeatedProblemView], description: 'Most repeated first, at most 20.' })
  repeated!: RepeatedProblemView[];
}
