// How a failed parse is told to the user, the same for every API route and form: the first issue,
// with the top-level field (or parameter) at fault, so that a form can point at it.

interface Issues {
	issues: readonly { path: readonly PropertyKey[]; message: string }[];
}

export interface IssueNaming {
	/** The name of a value parsed on its own (a path or query parameter): its issues have no path. */
	field?: string;
	/** The name the request used for a field, when it came through an alias (query-names.ts). */
	asWritten?: (name: string) => string;
}

/** The first issue as `{field, message}`; `field` is '' when the issue is about the whole input. */
export function firstIssue(error: Issues, naming: IssueNaming = {}): { field: string; message: string } {
	const issue = error.issues[0];
	const field = issue.path.length ? String(issue.path[0]) : (naming.field ?? '');
	return { field: field && naming.asWritten ? naming.asWritten(field) : field, message: issue.message };
}

/** « secteur : code invalide », or the message alone when no field is at fault. */
export function issueText(issue: { field: string; message: string }): string {
	return issue.field ? `${issue.field} : ${issue.message}` : issue.message;
}

/** Every issue, « path message » joined by « ; », for a file whose whole content is at fault. */
export function issuesText(error: Issues): string {
	return error.issues.map((i) => `${i.path.map(String).join('.')} ${i.message}`).join(' ; ');
}
