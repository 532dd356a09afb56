// The voter's pages a QR code opens (/v/s/<station>[/d/<deputy>]), the status page (/v/track), and each code's
// poster and image: HTML forms over the same service as /api/public/voter, so a phone needs no script and no app.
import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  HttpException,
  HttpStatus,
  Inject,
  Param,
  Post,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import QRCode from 'qrcode';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { Public, VoterRateLimit } from '../auth/auth.decorators';
import { InvalidFieldsException } from '../common/api-error';
import { downloadOf } from '../common/export/download';
import { PDF_MIME } from '../common/export/pdf';
import { createValidationPipe } from '../common/validation';
import { posterPdf } from './voter-poster-pdf';
import {
  posterTitle,
  renderPoster,
  renderProblem,
  renderSubmitPage,
  renderSubmitted,
  renderTrack,
  renderTrackForm,
  type SubmitFormValues,
} from './voter-page';
import { DeputyCodeParams, StationCodeParams, VoterSolvedDto, VoterSubmissionDto } from './voter.dto';
import { VoterSubmissionsService } from './voter-submissions.service';

const HTML = 'text/html; charset=utf-8';

/** The path a code opens, under PUBLIC_URL. */
export function codePath(stationId: string, deputyId: string | null): string {
  return deputyId ? `/v/s/${stationId}/d/${deputyId}` : `/v/s/${stationId}`;
}

@ApiExcludeController()
@Public()
@Controller('v')
export class VoterPageController {
  private readonly validation = createValidationPipe();

  constructor(
    @Inject(VoterSubmissionsService) private readonly submissions: VoterSubmissionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('s/:stationId')
  @Header('Content-Type', HTML)
  @Header('Cache-Control', 'no-store')
  stationForm(@Param() params: StationCodeParams, @Res({ passthrough: true }) response: Response): Promise<string> {
    return this.form(params.stationId, null, response);
  }

  @Get('s/:stationId/d/:deputyId')
  @Header('Content-Type', HTML)
  @Header('Cache-Control', 'no-store')
  deputyForm(@Param() params: DeputyCodeParams, @Res({ passthrough: true }) response: Response): Promise<string> {
    return this.form(params.stationId, params.deputyId, response);
  }

  @Post('s/:stationId')
  @VoterRateLimit()
  @HttpCode(HttpStatus.OK)
  @Header('Content-Type', HTML)
  @Header('Cache-Control', 'no-store')
  stationSubmit(
    @Param() params: StationCodeParams,
    @Body() form: Record<string, unknown>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    return this.submit(params.stationId, null, form, response);
  }

  @Post('s/:stationId/d/:deputyId')
  @VoterRateLimit()
  @HttpCode(HttpStatus.OK)
  @Header('Content-Type', HTML)
  @Header('Cache-Control', 'no-store')
  deputySubmit(
    @Param() params: DeputyCodeParams,
    @Body() form: Record<string, unknown>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    return this.submit(params.stationId, params.deputyId, form, response);
  }

  @Get('track')
  @Header('Content-Type', HTML)
  @Header('Cache-Control', 'no-store')
  async trackPage(@Query('code') code: unknown, @Res({ passthrough: true }) response: Response): Promise<string> {
    if (typeof code !== 'string' || !code) return renderTrackForm();
    return this.track(code, response);
  }

  @Post('track')
  @VoterRateLimit()
  @HttpCode(HttpStatus.OK)
  @Header('Content-Type', HTML)
  @Header('Cache-Control', 'no-store')
  trackPost(@Body() form: Record<string, unknown>, @Res({ passthrough: true }) response: Response): Promise<string> {
    return this.track(typeof form.code === 'string' ? form.code : '', response);
  }

  @Post('track/solved')
  @VoterRateLimit()
  @HttpCode(HttpStatus.OK)
  @Header('Content-Type', HTML)
  @Header('Cache-Control', 'no-store')
  async solved(@Body() form: Record<string, unknown>, @Res({ passthrough: true }) response: Response): Promise<string> {
    try {
      const body = (await this.validation.transform(
        { code: form.code, solved: form.solved === 'true' ? true : form.solved === 'false' ? false : form.solved },
        { type: 'body', metatype: VoterSolvedDto },
      )) as VoterSolvedDto;
      return renderTrack(await this.submissions.saySolved(body.code, body.solved), body.code);
    } catch (error) {
      return problem(error, response);
    }
  }

  // Posters and images: public, like the code itself (a station's name and reception days are on its wall).

  @Get('poster/s/:stationId')
  @Header('Content-Type', HTML)
  stationPoster(@Param() params: StationCodeParams): Promise<string> {
    return this.poster(params.stationId, null);
  }

  @Get('poster/s/:stationId/d/:deputyId')
  @Header('Content-Type', HTML)
  deputyPoster(@Param() params: DeputyCodeParams): Promise<string> {
    return this.poster(params.stationId, params.deputyId);
  }

  @Get('poster-pdf/s/:stationId')
  stationPosterPdf(@Param() params: StationCodeParams): Promise<StreamableFile> {
    return this.posterPdf(params.stationId, null);
  }

  @Get('poster-pdf/s/:stationId/d/:deputyId')
  deputyPosterPdf(@Param() params: DeputyCodeParams): Promise<StreamableFile> {
    return this.posterPdf(params.stationId, params.deputyId);
  }

  @Get('qr/s/:stationId')
  stationQr(@Param() params: StationCodeParams): Promise<StreamableFile> {
    return this.qrPng(params.stationId, null);
  }

  @Get('qr/s/:stationId/d/:deputyId')
  deputyQr(@Param() params: DeputyCodeParams): Promise<StreamableFile> {
    return this.qrPng(params.stationId, params.deputyId);
  }

  // -------------------------------------------------------------------------------------------------------------

  private async form(stationId: string, deputyId: string | null, response: Response): Promise<string> {
    try {
      const target = await this.submissions.codeTarget(stationId, deputyId);
      return renderSubmitPage(target, this.submissions.newCaptcha(), codePath(stationId, deputyId));
    } catch (error) {
      return problem(error, response);
    }
  }

  private async submit(
    stationId: string,
    deputyId: string | null,
    form: Record<string, unknown>,
    response: Response,
  ): Promise<string> {
    const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
    const values: SubmitFormValues = {
      placeRegionId: text(form.placeRegionId),
      description: text(form.description),
      phone: text(form.phone),
      email: text(form.email),
      noticeAccepted: form.noticeAccepted === 'true',
    };
    try {
      const target = await this.submissions.codeTarget(stationId, deputyId);
      try {
        const body = Object.fromEntries(
          Object.entries({
            ...values,
            stationId,
            deputyId: deputyId ?? undefined,
            captchaToken: text(form.captchaToken) ?? '',
            captchaAnswer: text(form.captchaAnswer) ?? '',
          }).filter(([, value]) => value !== undefined && value !== ''),
        );
        const dto = (await this.validation.transform(body, {
          type: 'body',
          metatype: VoterSubmissionDto,
        })) as VoterSubmissionDto;
        return renderSubmitted(await this.submissions.submit(dto), target);
      } catch (error) {
        if (!(error instanceof InvalidFieldsException)) throw error;
        // The form again, with the voter's text kept and a new challenge (the last one is spent or wrong).
        response.status(HttpStatus.BAD_REQUEST);
        return renderSubmitPage(
          target,
          this.submissions.newCaptcha(),
          codePath(stationId, deputyId),
          values,
          error.fields,
        );
      }
    } catch (error) {
      return problem(error, response);
    }
  }

  private async track(code: string, response: Response): Promise<string> {
    if (!code.trim()) return renderTrackForm('请填写提交时获得的查询码');
    try {
      return renderTrack(await this.submissions.track(code), code.trim());
    } catch (error) {
      if (error instanceof HttpException && error.getStatus() === 404) {
        response.status(HttpStatus.NOT_FOUND);
        return renderTrackForm('查询码不正确，请检查后重新输入。');
      }
      return problem(error, response);
    }
  }

  private url(stationId: string, deputyId: string | null): string {
    return new URL(codePath(stationId, deputyId), this.config.PUBLIC_URL).toString();
  }

  private async poster(stationId: string, deputyId: string | null): Promise<string> {
    const target = await this.submissions.codeTarget(stationId, deputyId);
    const url = this.url(stationId, deputyId);
    const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
    return renderPoster(target, svg, url);
  }

  private async posterPdf(stationId: string, deputyId: string | null): Promise<StreamableFile> {
    const target = await this.submissions.codeTarget(stationId, deputyId);
    const body = await posterPdf(target, this.url(stationId, deputyId));
    return downloadOf({ body, contentType: PDF_MIME, fileName: `${posterTitle(target)}.pdf` });
  }

  private async qrPng(stationId: string, deputyId: string | null): Promise<StreamableFile> {
    await this.submissions.codeTarget(stationId, deputyId); // 404 for a code that names nothing
    const png = await QRCode.toBuffer(this.url(stationId, deputyId), {
      type: 'png',
      errorCorrectionLevel: 'M',
      margin: 2,
      width: 800,
    });
    return new StreamableFile(png, { type: 'image/png' });
  }
}

function problem(error: unknown, response: Response): string {
  if (!(error instanceof HttpException)) throw error;
  response.status(error.getStatus());
  return renderProblem(error);
}
