// The single place that binds the worker's injectable activity services into Temporal's activity map.
import type { INestApplicationContext } from '@nestjs/common';
import type { IssueActivities } from '@app/contracts';
import { IssueActivitiesService } from './issues/issue-activities.service';

/** Every activity the worker registers; each method keeps its service as `this`. */
export function createActivities(app: INestApplicationContext): IssueActivities {
  const issues = app.get(IssueActivitiesService);
  return {
    routeIssue: issues.routeIssue.bind(issues),
    computeDeadlines: issues.computeDeadlines.bind(issues),
    assignDepartments: issues.assignDepartments.bind(issues),
    notify: issues.notify.bind(issues),
    recordTransition: issues.recordTransition.bind(issues),
  };
}
