// An issue has no title of its own: lists of likely duplicates and hot spots show the beginning of its description.

const TITLE_LENGTH = 40;

/** The first 40 characters of a description, with an ellipsis when there is more. */
export function issueTitle(description: string): string {
  return description.length > TITLE_LENGTH ? `${description.slice(0, TITLE_LENGTH)}…` : description;
}
