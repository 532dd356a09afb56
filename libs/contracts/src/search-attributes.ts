// The custom search attributes the issue workflow keeps current; the dev server registers them at start.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const SA_STATUS = defineSearchAttributeKey('LianluoStatus', SearchAttributeType.KEYWORD);
export const SA_ESCALATION_LEVEL = defineSearchAttributeKey('LianluoEscalationLevel', SearchAttributeType.INT);
export const SA_DEPARTMENT = defineSearchAttributeKey('LianluoDepartment', SearchAttributeType.KEYWORD);
export const SA_DUE_DATE = defineSearchAttributeKey('LianluoDueDate', SearchAttributeType.DATETIME);

/** Name → type as `temporal operator search-attribute create` and `start-dev --search-attribute` spell it. */
export const SEARCH_ATTRIBUTES: Readonly<Record<string, 'Keyword' | 'Int' | 'Datetime'>> = {
  [SA_STATUS.name]: 'Keyword',
  [SA_ESCALATION_LEVEL.name]: 'Int',
  [SA_DEPARTMENT.name]: 'Keyword',
  [SA_DUE_DATE.name]: 'Datetime',
};
