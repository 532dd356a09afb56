// The workflow's view of the working calendar: deadline instants come from the computeDeadlines activity (which
// reads the official calendar), each (start, working days) asked once per run and batched by start.
import type { IssueActivities } from '../libs/contracts/src/issue-workflow';

export class DeadlineCalendar {
  private readonly known = new Map<string, string>();

  constructor(private readonly computeDeadlines: IssueActivities['computeDeadlines']) {}

  /** The end of the n-th working day after (n > 0) or before (n < 0) the China day of `fromInstant`, for each n. */
  async deadlines(fromInstant: string, workingDays: number[]): Promise<string[]> {
    return this.resolve(workingDays.map((days) => [fromInstant, days]));
  }

  /** Answers for several starts at once: one activity call per start not asked before. */
  async resolve(requests: Array<[fromInstant: string, workingDays: number]>): Promise<string[]> {
    const key = (from: string, days: number) => `${from}|${days}`;
    const missingByStart = new Map<string, number[]>();
    for (const [from, days] of requests) {
      if (this.known.has(key(from, days))) continue;
      const missing = missingByStart.get(from) ?? [];
      if (!missing.includes(days)) missing.push(days);
      missingByStart.set(from, missing);
    }
    for (const [fromInstant, workingDays] of missingByStart) {
      const instants = await this.computeDeadlines({ fromInstant, workingDays });
      // A wrong answer is a bug in the activity: fail the workflow task (it retries once the worker is fixed).
      if (instants.length !== workingDays.length) {
        throw new Error(`computeDeadlines answered ${instants.length} instants for ${workingDays.length} days`);
      }
      workingDays.forEach((days, index) =>
        this.known.set(key(fromInstant, days), new Date(instants[index]).toISOString()),
      );
    }
    return requests.map(([from, days]) => this.known.get(key(from, days))!);
  }
}
