// Owns the monthly report of a county: the county's figures, one row per township and one per lead department
// that had issues, all for the issues collected in the month.
import { Inject, Injectable } from '@nestjs/common';
import { isMonth, MetricsRepository, monthPeriod } from '@app/metrics';
import type { AuthUser } from '../auth/auth-user';
import { invalidField } from '../common/api-error';
import { Clock } from '../common/clock';
import type { DownloadFile } from '../common/export/download';
import { DOCX_MIME, toDocx } from '../common/export/docx';
import { PDF_MIME, toPdf } from '../common/export/pdf';
import { monthlyReportDocument } from './monthly-report.document';
import { monthlyReportTitle, renderMonthlyReport, type MonthlyReport, type ReportRow } from './monthly-report.html';
import { SupervisionScopeService } from './supervision-scope.service';
import type { MonthlyReportQuery } from './supervision.dto';
import { SupervisionRepository } from './supervision.repository';

@Injectable()
export class ReportsService {
  constructor(
    @Inject(MetricsRepository) private readonly metrics: MetricsRepository,
    @Inject(SupervisionRepository) private readonly repository: SupervisionRepository,
    @Inject(SupervisionScopeService) private readonly scopes: SupervisionScopeService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** The report as its query asks: the printable page, or the official document as Word or PDF. */
  async monthly(user: AuthUser, query: MonthlyReportQuery): Promise<DownloadFile> {
    const report = await this.monthlyReport(user, query);
    const name = `${monthlyReportTitle(report)}（${query.month}）`;
    switch (query.format) {
      case 'html':
        return {
          body: Buffer.from(renderMonthlyReport(report), 'utf8'),
          contentType: 'text/html; charset=utf-8',
          fileName: `${name}.html`,
        };
      case 'docx':
        return { body: await toDocx(monthlyReportDocument(report)), contentType: DOCX_MIME, fileName: `${name}.docx` };
      case 'pdf':
        return { body: await toPdf(monthlyReportDocument(report)), contentType: PDF_MIME, fileName: `${name}.pdf` };
    }
  }

  private async monthlyReport(user: AuthUser, query: MonthlyReportQuery): Promise<MonthlyReport> {
    if (!isMonth(query.month)) throw invalidField('month', 'month must be YYYY-MM');
    const county = await this.scopes.region(user, query.county);
    if (county.level !== 'county') throw invalidField('county', 'not a county');
    const period = monthPeriod(query.month);
    const now = this.clock.now();
    const [townships, departments] = await Promise.all([
      this.repository.childRegions(county.id),
      this.repository.departmentsWithin(county.path),
    ]);
    const [total, byTownship, byDepartment] = await Promise.all([
      this.metrics.counts({ kind: 'region', id: county.id, path: county.path, level: county.level }, period, now),
      this.metrics.countsByKey(
        'region',
        townships.map((t) => t.id),
        period,
        now,
        county.path,
      ),
      this.metrics.countsByKey(
        'department',
        departments.map((d) => d.id),
        period,
        now,
        null,
      ),
    ]);
    const rows = (list: { id: string; name: string }[], counts: Map<string, ReportRow['counts']>) =>
      list.flatMap((item) => {
        const c = counts.get(item.id);
        return c ? [{ name: item.name, counts: c }] : [];
      });
    return {
      countyName: county.name,
      month: query.month,
      period,
      asOf: now,
      total,
      townships: rows(townships, byTownship),
      departments: rows(departments, byDepartment).filter((row) => row.counts.collected > 0),
    };
  }
}
