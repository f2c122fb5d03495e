// JSON error responses that say what is wrong and with which parameter.
import { json } from '@sveltejs/kit';

export function jsonError(status: number, message: string, field?: string) {
	return json({ error: { message, ...(field ? { field } : {}) } }, { status });
}
