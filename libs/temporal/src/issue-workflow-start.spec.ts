import { ConfigError } from '@app/config';
import { validateIssuePolicy } from '@app/contracts';
import { assertIssuePoliciesUsable, issuePolicyFor } from './issue-workflow-start';

describe('issuePolicyFor', () => {
  const config = { DEADLINE_NORMAL_WORKING_DAYS: 15, DEADLINE_URGENT_WORKING_DAYS: 3 };

  it('takes the reply deadline from the configuration, per urgency', () => {
    expect(issuePolicyFor('normal', { ...config, DEADLINE_NORMAL_WORKING_DAYS: 20 })).toMatchObject({
      replyWorkingDays: 20,
      coHandlerWorkingDays: 10,
    });
    expect(issuePolicyFor('urgent', { ...config, DEADLINE_URGENT_WORKING_DAYS: 5 })).toMatchObject({
      replyWorkingDays: 5,
      coHandlerWorkingDays: 2,
      reminderWorkingDaysBefore: [1],
    });
  });

  it('keeps the co-handlers’ deadline before the lead’s when the reply deadline is short', () => {
    const policy = issuePolicyFor('normal', { ...config, DEADLINE_NORMAL_WORKING_DAYS: 4 });
    expect(policy).toMatchObject({ replyWorkingDays: 4, coHandlerWorkingDays: 3 });
    expect(validateIssuePolicy(policy)).toEqual([]);
    expect(issuePolicyFor('urgent', { ...config, DEADLINE_URGENT_WORKING_DAYS: 2 }).coHandlerWorkingDays).toBe(1);
  });

  it('refuses at start-up a deadline the workflow could not run with, naming the variable', () => {
    expect(() => assertIssuePoliciesUsable(config)).not.toThrow();
    expect(() => assertIssuePoliciesUsable({ ...config, DEADLINE_URGENT_WORKING_DAYS: 1 })).toThrow(ConfigError);
    expect(() => assertIssuePoliciesUsable({ ...config, DEADLINE_URGENT_WORKING_DAYS: 1 })).toThrow(
      /DEADLINE_URGENT_WORKING_DAYS/,
    );
  });
});
