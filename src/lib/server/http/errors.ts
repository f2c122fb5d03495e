// JSON error responses that say what is wrong and with which parameter.
import { json } from '@sveltejs/kit';

export function jsonError(status: number, message: string, field?: string) {
	return json({ error: { message, ...(field ? { field } : {}) } }, { status });
}

/** The first issue of a zod error as a 400 response naming the field. */
export function zodError(error: { issues: { path: PropertyKey[]; message: string }[] }) {
	const issue = error.issues[0];
	return jsonError(400, `${issue.path.map(String).join('.')} : ${issue.message}`, String(issue.path[0] ?? ''));
}
