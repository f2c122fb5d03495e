// What a use case (a write with its checks, transaction and audit) answers: done, with its result,
// or refused with an HTTP status, a French message and the field at fault. Routes and form
// actions turn a refusal into their own kind of answer (`refusalResponse`, `fail`).
import { firstIssue, issueText } from '../../schemas/issues';

export interface Refusal {
	ok: false;
	status: 400 | 404 | 409 | 410;
	message: string;
	field: string;
}

export type Outcome<T extends object> = ({ ok: true } & T) | Refusal;

export function refuse(status: Refusal['status'], message: string, field: string): Refusal {
	return { ok: false, status, message, field };
}

/** A failed zod parse as a refusal: its first issue, the same words as `zodError`. */
export function refuseInvalid(error: Parameters<typeof firstIssue>[0]): Refusal {
	const issue = firstIssue(error);
	return refuse(400, issueText(issue), issue.field);
}
