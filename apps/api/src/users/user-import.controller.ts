// Bulk import of deputies and users from the XLSX template: download the template, check a filled-in file (dry
// run), import it. Admins only.
import {
  BadRequestException,
  type CallHandler,
  Controller,
  type ExecutionContext,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Injectable,
  type NestInterceptor,
  PayloadTooLargeException,
  Post,
  Query,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { memoryStorage } from 'multer';
import type { Observable } from 'rxjs';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { downloadOf } from '../common/export/download';
import { XLSX_MIME } from '../common/export/xlsx';
import { ApiErrors, ApiSignedIn } from '../common/swagger';
import { ImportQuery, ImportReportView } from './user-import.dto';
import { UserImportService } from './user-import.service';
import { IMPORT_MAX_BYTES, importTemplate } from './user-import.workbook';

/** One file in memory, at most IMPORT_MAX_BYTES (+1, so an oversized file is recognised as such and not cut short). */
const Multer = FileInterceptor('file', {
  storage: memoryStorage(),
  limits: { fileSize: IMPORT_MAX_BYTES + 1, files: 1, fields: 0, parts: 1 },
  defParamCharset: 'utf8',
});

/** Multer's refusals in the common error shape, naming the field `file`. */
@Injectable()
class WorkbookUpload implements NestInterceptor {
  private readonly multer = new Multer();

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    try {
      return await this.multer.intercept(context, next);
    } catch (error) {
      if (error instanceof PayloadTooLargeException) {
        const message = `文件不能超过 ${IMPORT_MAX_BYTES / 1024 / 1024} MB (the file is larger than that)`;
        throw new PayloadTooLargeException({ message, fields: { file: [message] } });
      }
      if (error instanceof BadRequestException) {
        const message = `不是可接受的上传 (${error.message}): send one file as the multipart field "file"`;
        throw new BadRequestException({ message, fields: { file: [message] } });
      }
      throw error;
    }
  }
}

@ApiTags('users')
@ApiSignedIn()
@ApiErrors(403)
@Roles('admin')
@Controller('api/admin/imports/users')
export class UserImportController {
  constructor(@Inject(UserImportService) private readonly imports: UserImportService) {}

  @Get('template')
  @ApiOperation({ summary: 'The XLSX template for importing deputies and users (Chinese headers, with instructions)' })
  @ApiProduces(XLSX_MIME)
  @ApiOkResponse({ description: 'The template workbook' })
  async template(): Promise<StreamableFile> {
    return downloadOf({ body: await importTemplate(), contentType: XLSX_MIME, fileName: '代表和用户导入模板.xlsx' });
  }

  @Post()
  @HttpCode(HttpStatus.OK)
  @UseInterceptors(WorkbookUpload)
  @ApiOperation({
    summary: 'Import deputies and users from the filled-in template',
    description:
      'With dryRun=true: the per-cell report, nothing written. Otherwise every row is written in one transaction, ' +
      'or, when any row is bad, nothing (400, each bad cell named `<sheet>.<row>.<column>`); the answer carries ' +
      "each new user's one-time password, this once. 415 when the content is not an XLSX workbook, whatever its name.",
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary', description: `XLSX, at most ${IMPORT_MAX_BYTES} bytes` },
      },
    },
  })
  @ApiOkResponse({ type: ImportReportView })
  @ApiErrors(400, 409, 413, 415)
  run(
    @CurrentUser() actor: AuthUser,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Query() query: ImportQuery,
  ): Promise<ImportReportView> {
    return this.imports.run(actor, file, query.dryRun ?? false);
  }
}
