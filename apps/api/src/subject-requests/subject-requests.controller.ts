// Requests from the people concerned (PIPL Art. 44-47): admins only. Lookups are POSTs so that no phone or ID number
// is written into a URL, and so into no access log.
import { Body, Controller, HttpCode, Inject, Param, Patch, Post, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { attachment } from '../common/export/download';
import { XLSX_MIME } from '../common/export/xlsx';
import { ApiErrors, ApiSignedIn } from '../common/swagger';
import {
  CorrectVoterDataDto,
  EraseVoterDataDto,
  SubjectExportDto,
  SubjectIssueParams,
  SubjectIssueView,
  SubjectLookupDto,
  SubjectSearchView,
  SubjectSubmissionView,
} from './subject-requests.dto';
import { SubjectRequestsService } from './subject-requests.service';

@ApiTags('personal data')
@ApiSignedIn()
@ApiErrors(400, 403)
@Roles('admin')
@Controller('api/subject-requests')
export class SubjectRequestsController {
  constructor(@Inject(SubjectRequestsService) private readonly requests: SubjectRequestsService) {}

  @Post('search')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Find every issue and submission holding data about a voter, by phone, ID number or email',
    description:
      'Matched through the keyed hash of the number or address (exact value; spaces, dashes and +86 ignored). ' +
      'Issues are found by phone or ID number; contacts left through a QR code or an Open311 client (with the ' +
      "Open311 reporter's name, device and account) by phone or email. The data is answered unmasked: each issue " +
      'and submission found is logged in data_access_log with the purpose, and the lookup in admin_audit_log ' +
      '(action read).',
  })
  @ApiOkResponse({ type: SubjectSearchView })
  search(@CurrentUser() admin: AuthUser, @Body() body: SubjectLookupDto): Promise<SubjectSearchView> {
    return this.requests.search(admin, body);
  }

  @Post('export')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Export everything held about a voter (XLSX or JSON)',
    description:
      'The same issues and submissions as the search, as a file for the person (XLSX: one sheet each). Logged like ' +
      'the search (action export).',
  })
  @ApiProduces(XLSX_MIME, 'application/json')
  @ApiOkResponse({ description: 'The file, as an attachment.' })
  async export(@CurrentUser() admin: AuthUser, @Body() body: SubjectExportDto): Promise<StreamableFile> {
    const file = await this.requests.export(admin, body);
    return new StreamableFile(file.body, {
      type: file.contentType,
      disposition: attachment(file.fileName),
      length: file.body.length,
    });
  }

  @Patch('issues/:id/voter')
  @ApiOperation({
    summary: "Correct an issue's voter data (name, phone, ID number, address)",
    description:
      "Recorded in the issue's event log (fields and reason, not the values) and in admin_audit_log (update). " +
      'Refused (409) once the voter data was erased.',
  })
  @ApiOkResponse({ type: SubjectIssueView })
  @ApiErrors(404, 409)
  correct(
    @CurrentUser() admin: AuthUser,
    @Param() params: SubjectIssueParams,
    @Body() body: CorrectVoterDataDto,
  ): Promise<SubjectIssueView> {
    return this.requests.correct(admin, params.id, body);
  }

  @Post('issues/:id/erase')
  @HttpCode(200)
  @ApiOperation({
    summary: "Erase an issue's voter data on the person's request",
    description:
      "The retention run's anonymiser, for one issue: name, phone, ID number and address erased, every figure " +
      'kept. Refused (409) while the issue is open: the voter data is needed to reply. Recorded in the event log ' +
      'and admin_audit_log (delete).',
  })
  @ApiOkResponse({ type: SubjectIssueView })
  @ApiErrors(404, 409)
  erase(
    @CurrentUser() admin: AuthUser,
    @Param() params: SubjectIssueParams,
    @Body() body: EraseVoterDataDto,
  ): Promise<SubjectIssueView> {
    return this.requests.erase(admin, params.id, body);
  }

  @Post('submissions/:id/erase')
  @HttpCode(200)
  @ApiOperation({
    summary: "Erase a QR-code or Open311 submission's contact on the person's request",
    description:
      "The phone and email, and an Open311 request's reporter name, device id and account id, erased; the " +
      'description and place kept (its issue and figures need them). Refused (409) while it is pending or the issue ' +
      'it went into is open: the contact is needed to tell the voter the outcome. Recorded in admin_audit_log ' +
      '(delete, entity voter_submission).',
  })
  @ApiOkResponse({ type: SubjectSubmissionView })
  @ApiErrors(404, 409)
  eraseSubmission(
    @CurrentUser() admin: AuthUser,
    @Param() params: SubjectIssueParams,
    @Body() body: EraseVoterDataDto,
  ): Promise<SubjectSubmissionView> {
    return this.requests.eraseSubmission(admin, params.id, body);
  }
}
