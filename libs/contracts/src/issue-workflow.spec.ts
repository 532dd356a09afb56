import {
  DEFAULT_ESCALATION_LEVELS,
  ISSUE_STATUSES,
  ISSUE_STATUS_LABELS,
  NOTIFICATION_KINDS,
  NOTIFICATION_KIND_LABELS,
  TRANSITION_TYPES,
  TRANSITION_TYPE_LABELS,
  defaultIssuePolicy,
  issueWorkflowId,
  validateIssuePolicy,
} from './issue-workflow';

describe('issue workflow contract', () => {
  it('names one workflow per issue', () => {
    expect(issueWorkflowId('42')).toBe('issue-42');
  });

  it('builds the default policy by urgency', () => {
    expect(defaultIssuePolicy('normal')).toEqual({
      replyWorkingDays: 15,
      coHandlerWorkingDays: 10,
      reminderWorkingDaysBefore: [3, 1],
      escalation: DEFAULT_ESCALATION_LEVELS,
      feedbackWorkingDays: 5,
      maxRehandlings: 1,
      allowedReplyClasses: ['A', 'B', 'C'],
      followUpGraceWorkingDays: 0,
    });
    expect(defaultIssuePolicy('urgent')).toMatchObject({ replyWorkingDays: 3, coHandlerWorkingDays: 2 });
    expect(validateIssuePolicy(defaultIssuePolicy('normal'))).toEqual([]);
    expect(validateIssuePolicy(defaultIssuePolicy('urgent'))).toEqual([]);
  });

  it('hands out copies, so a caller cannot change the defaults', () => {
    defaultIssuePolicy('normal').escalation[0].afterWorkingDays = 99;
    expect(defaultIssuePolicy('normal').escalation[0].afterWorkingDays).toBe(3);
  });

  it('says what is wrong with a policy', () => {
    const policy = {
      ...defaultIssuePolicy('normal'),
      coHandlerWorkingDays: 15,
      escalation: [{ level: 2, key: 'x', name: 'X', afterWorkingDays: 3 }],
      allowedReplyClasses: [],
      maxRehandlings: -1,
    };
    expect(validateIssuePolicy(policy)).toEqual([
      'coHandlerWorkingDays must be a whole number ≥ 1 and less than replyWorkingDays',
      'escalation[0].level must be 1',
      'maxRehandlings must be a whole number ≥ 0',
      'allowedReplyClasses must be a non-empty subset of A, B, C',
    ]);
  });

  it('labels every status, transition and notification', () => {
    expect(Object.keys(ISSUE_STATUS_LABELS).sort()).toEqual([...ISSUE_STATUSES].sort());
    expect(Object.keys(TRANSITION_TYPE_LABELS).sort()).toEqual([...TRANSITION_TYPES].sort());
    expect(Object.keys(NOTIFICATION_KIND_LABELS).sort()).toEqual([...NOTIFICATION_KINDS].sort());
  });
});
