// Attachments over HTTP: multipart uploads (for a submission being put together, or onto an issue) and downloads of
// a file or its thumbnail, within the issue's scope.
import {
  BadRequestException,
  Body,
  type CallHandler,
  Controller,
  type ExecutionContext,
  Get,
  HttpStatus,
  Inject,
  Injectable,
  type NestInterceptor,
  Param,
  PayloadTooLargeException,
  Post,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
  applyDecorators,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { memoryStorage } from 'multer';
import type { Observable } from 'rxjs';
import { ATTACHMENT_STAGES } from '@app/database';
import { CurrentUser } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { attachment as attachmentDisposition } from '../common/export/download';
import { ApiErrors, ApiSignedIn } from '../common/swagger';
import { IDEMPOTENCY_KEY_PATTERN } from '../common/idempotency-key';
import { IssueIdParams } from '../issues/issues.dto';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_MEDIA_TYPES, ATTACHMENT_TYPES_TEXT } from './attachment-content';
import { AttachmentIdParams, IssueAttachmentDto, StoredFileView, UploadAttachmentDto } from './attachments.dto';
import { AttachmentsService, fileTooLarge, type Download } from './attachments.service';

/**
 * Multer in memory, one file of at most ATTACHMENT_MAX_BYTES (+1, so an oversized file is recognised as such and not
 * cut short), UTF-8 file names; its refusals answered in the common error shape naming the field `file`.
 */
const Multer = FileInterceptor('file', {
  storage: memoryStorage(),
  limits: { fileSize: ATTACHMENT_MAX_BYTES + 1, files: 1, fields: 4, fieldSize: 1024, parts: 5 },
  defParamCharset: 'utf8',
});

@Injectable()
class FileUpload implements NestInterceptor {
  private readonly multer = new Multer();

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    try {
      return await this.multer.intercept(context, next);
    } catch (error) {
      if (error instanceof PayloadTooLargeException) throw fileTooLarge();
      if (error instanceof BadRequestException) {
        const message = `不是可接受的上传 (${error.message}): send one file as the multipart field "file"`;
        throw new BadRequestException({ message, fields: { file: [message] } });
      }
      throw error;
    }
  }
}

function ApiUpload(withStage: boolean): MethodDecorator {
  return applyDecorators(
    ApiConsumes('multipart/form-data'),
    ApiBody({
      schema: {
        type: 'object',
        required: ['file', 'uploadKey'],
        properties: {
          file: {
            type: 'string',
            format: 'binary',
            description: `${ATTACHMENT_TYPES_TEXT}; at most ${ATTACHMENT_MAX_BYTES} bytes; judged by content`,
          },
          uploadKey: { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN.source, example: 'draft-7f3a-photo-1' },
          ...(withStage ? { stage: { type: 'string', enum: [...ATTACHMENT_STAGES], default: 'reply' } } : {}),
        },
      },
    }),
    ApiCreatedResponse({ type: StoredFileView, description: 'Stored' }),
    ApiOkResponse({ type: StoredFileView, description: 'A retry: the file this uploadKey first stored' }),
  );
}

@ApiTags('attachments')
@ApiSignedIn()
@Controller('api')
export class AttachmentsController {
  constructor(@Inject(AttachmentsService) private readonly attachments: AttachmentsService) {}

  @Post('attachments')
  @UseInterceptors(FileUpload)
  @ApiOperation({
    summary: 'Upload a file for a submission not yet sent (deputy, liaison officer)',
    description:
      'Kept for its uploader until a submission names it in attachmentIds (POST /api/issues, or an issue raised in ' +
      'a reception record). Images are stored upright without their metadata (EXIF) and get a thumbnail. 415 when ' +
      'the content is not an accepted type, whatever the file is called.',
  })
  @ApiUpload(false)
  @ApiErrors(400, 409, 413, 415)
  async upload(
    @CurrentUser() user: AuthUser,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Body() body: UploadAttachmentDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StoredFileView> {
    const { created, file: view } = await this.attachments.uploadForIntake(user, file, body.uploadKey);
    response.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return view;
  }

  @Post('issues/:id/attachments')
  @UseInterceptors(FileUpload)
  @ApiOperation({
    summary: 'Add a file to an issue (its deputy, departments, liaison officers, supervisors)',
    description:
      'Photos before and after (stage reply, follow_up), or more material of the problem (intake); recorded in the ' +
      `issue's timeline; at most 20 files per issue (409). 404 when the issue is not yours to see.`,
  })
  @ApiUpload(true)
  @ApiErrors(400, 404, 409, 413, 415)
  async uploadToIssue(
    @CurrentUser() user: AuthUser,
    @Param() params: IssueIdParams,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Body() body: IssueAttachmentDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StoredFileView> {
    const { created, file: view } = await this.attachments.uploadToIssue(
      user,
      params.id,
      file,
      body.uploadKey,
      body.stage ?? 'reply',
    );
    response.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return view;
  }

  @Get('attachments/:id')
  @ApiOperation({
    summary: 'Download a file',
    description:
      "Within the issue's scope (404 otherwise); every download is recorded in data_access_log. 410 once the content " +
      "was erased with the voter's personal data (VOTER_DATA_RETENTION_DAYS after the issue closed, or on request).",
  })
  @ApiProduces(...ATTACHMENT_MEDIA_TYPES)
  @ApiOkResponse({ description: 'The file: images inline, documents as an attachment.' })
  @ApiErrors(400, 404, 410)
  async download(@CurrentUser() user: AuthUser, @Param() params: AttachmentIdParams): Promise<StreamableFile> {
    return streamOf(await this.attachments.download(user, params.id, 'file'));
  }

  @Get('attachments/:id/thumbnail')
  @ApiOperation({
    summary: "An image's thumbnail (WebP, at most 320 px)",
    description: "Within the issue's scope (404 otherwise, and for documents); recorded like a download.",
  })
  @ApiProduces('image/webp')
  @ApiOkResponse({ description: 'The thumbnail.' })
  @ApiErrors(400, 404, 410)
  async thumbnail(@CurrentUser() user: AuthUser, @Param() params: AttachmentIdParams): Promise<StreamableFile> {
    return streamOf(await this.attachments.download(user, params.id, 'thumbnail'));
  }
}

function streamOf(file: Download): StreamableFile {
  const disposition = attachmentDisposition(file.fileName);
  return new StreamableFile(file.bytes, {
    type: file.mediaType,
    // Images open in the browser; documents are saved. Never inline anything else (the type is the detected one).
    disposition: file.mediaType.startsWith('image/') ? disposition.replace(/^attachment/, 'inline') : disposition,
    length: file.bytes.length,
  });
}
