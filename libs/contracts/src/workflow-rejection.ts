// Owns how a workflow says why it refused an update: the ApplicationFailure's `type` is one of its contract's
// rejections, the contract says which HTTP status each one answers, and a rejection of bad input names its field in
// the failure's details — so the API names the field the workflow named instead of guessing it from the message.
// Pure: the workflow bundle uses it.

/** What a rejection answers over HTTP: bad input, a conflict with the workflow's state, or "try again shortly". */
export type RejectionStatus = 400 | 409 | 503;

/** The first (only) element of a rejection's details. */
export interface RejectionDetails {
  field: string;
}

/** The details of an ApplicationFailure that rejects the value of `field` (none when no single field is at fault). */
export function rejectionDetails(field?: string): RejectionDetails[] | undefined {
  return field === undefined ? undefined : [{ field }];
}

/** The field a rejection's details name, if they name one. */
export function rejectedField(details: readonly unknown[] | undefined | null): string | undefined {
  const first = details?.[0];
  if (typeof first !== 'object' || first === null) return undefined;
  const field = (first as Partial<RejectionDetails>).field;
  return typeof field === 'string' ? field : undefined;
}
