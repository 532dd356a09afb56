import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { BooleanQuery } from '../admin/admin.dto';
import { ApiInteger } from '../common/swagger';

export class ImportQuery {
  @ApiPropertyOptional({ description: 'Check only: answer the report and write nothing', default: false })
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  dryRun?: boolean;
}

/** One bad cell (row 0: the sheet as a whole; row 1: its header). */
export class ImportProblemView {
  @ApiProperty({ example: '用户' }) sheet!: string;
  @ApiInteger({ example: 3, description: 'The row number as Excel shows it' }) row!: number;
  @ApiProperty({ example: '用户名*', description: 'The column header; empty for the sheet as a whole' })
  column!: string;
  @ApiProperty({ example: 'this username is taken' }) message!: string;
}

export class ImportedPasswordView {
  @ApiProperty({ example: 'liaison.chengguan' }) username!: string;
  @ApiProperty({ example: '周联络' }) displayName!: string;
  @ApiProperty({
    example: 'k7mq3xv9tp2w',
    description: 'Shown once: the user must choose a new password at the first sign-in.',
  })
  temporaryPassword!: string;
}

export class ImportReportView {
  @ApiProperty() dryRun!: boolean;
  @ApiInteger({ description: 'Deputy rows that are (or would be) imported' }) deputies!: number;
  @ApiInteger({ description: 'User rows that are (or would be) imported' }) users!: number;
  @ApiProperty({ type: [ImportProblemView], description: 'Empty when the file can be imported as it is' })
  problems!: ImportProblemView[];
  @ApiProperty({ type: [ImportedPasswordView], description: 'After a real import only; answered this once' })
  passwords!: ImportedPasswordView[];
}
