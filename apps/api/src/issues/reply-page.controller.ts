// The page the emailed reply link opens (GET /reply?token=…) and its form's target (POST /reply?token=…): the same
// rules as the JSON API under /api/reply-links, answered in HTML so that the link works in any phone's browser.
import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  HttpException,
  HttpStatus,
  Inject,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { ReplyLinkError } from '../auth/reply-link.service';
import { InvalidFieldsException } from '../common/api-error';
import { ReceivedAt } from '../common/received-at';
import { createValidationPipe } from '../common/validation';
import { ReplyDto } from './issues.dto';
import { LinkReplyService } from './link-reply.service';
import { renderReplyDone, renderReplyForm, renderReplyProblem, type ReplyFormValues } from './reply-page';

const HTML = 'text/html; charset=utf-8';

@ApiExcludeController()
@Public()
@Controller('reply')
export class ReplyPageController {
  private readonly validation = createValidationPipe();

  constructor(@Inject(LinkReplyService) private readonly linkReplies: LinkReplyService) {}

  @Get()
  @Header('Content-Type', HTML)
  @Header('Cache-Control', 'no-store')
  async show(@Query('token') token: unknown, @Res({ passthrough: true }) response: Response): Promise<string> {
    try {
      const link = tokenOf(token);
      return renderReplyForm(await this.linkReplies.show(link), link);
    } catch (error) {
      return problem(error, response);
    }
  }

  @Post()
  @HttpCode(HttpStatus.OK)
  @Header('Content-Type', HTML)
  @Header('Cache-Control', 'no-store')
  async submit(
    @Query('token') token: unknown,
    @Body() form: Record<string, unknown>,
    @Res({ passthrough: true }) response: Response,
    @ReceivedAt() receivedAt: string,
  ): Promise<string> {
    const values: ReplyFormValues = {
      replyClass: textOf(form.replyClass),
      text: textOf(form.text),
      promisedDate: textOf(form.promisedDate),
    };
    try {
      const link = tokenOf(token);
      try {
        const body = await this.replyOf(values);
        return renderReplyDone(await this.linkReplies.reply(link, body, receivedAt), body.replyClass);
      } catch (error) {
        if (!(error instanceof InvalidFieldsException)) throw error;
        // Bad input, or an answer the workflow refused (a promised date that is not after today): the form again.
        const view = await this.linkReplies.show(link);
        response.status(400);
        return renderReplyForm(view, link, values, error.fields);
      }
    } catch (error) {
      return problem(error, response);
    }
  }

  /** The form's fields as the JSON API's body, validated by the same DTO (an empty date field is no date). */
  private async replyOf(values: ReplyFormValues): Promise<ReplyDto> {
    const body = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined && value !== ''));
    return (await this.validation.transform(body, { type: 'body', metatype: ReplyDto })) as ReplyDto;
  }
}

function tokenOf(token: unknown): string {
  if (typeof token !== 'string' || !token) throw new ReplyLinkError('invalid');
  return token;
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function problem(error: unknown, response: Response): string {
  if (!(error instanceof HttpException)) throw error;
  response.status(error.getStatus());
  return renderReplyProblem(error);
}
