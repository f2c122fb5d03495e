// JSON error responses that say what is wrong and with which parameter.
import { json } from '@sveltejs/kit';
import { firstIssue, issueText, type IssueNaming } from '../../schemas/issues';
import type { Refusal } from '../queries/outcome';

export function jsonError(status: number, message: string, field?: string) {
	return json({ error: { message, ...(field ? { field } : {}) } }, { status });
}

/**
 * The one way a failed zod parse becomes a 400: the first issue, « field : message », and the
 * field at fault (the top-level key, or `naming.field` for a value parsed on its own).
 */
export function zodError(error: Parameters<typeof firstIssue>[0], naming: IssueNaming = {}) {
	const issue = firstIssue(error, naming);
	return jsonError(400, issueText(issue), issue.field);
}

/** A use case's refusal (queries/outcome.ts) as the JSON error of an API route. */
export function refusalResponse(refusal: Refusal) {
	return jsonError(refusal.status, refusal.message, refusal.field || undefined);
}
