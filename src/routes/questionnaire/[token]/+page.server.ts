import { error, fail } from '@sveltejs/kit';
import { formatDate } from '$lib/domain/format';
import { firstIssue, issueText } from '$lib/schemas/issues';
import { answerFromForm, satisfactionAnswerSchema } from '$lib/schemas/satisfaction';
import { getDatabase } from '$lib/server/db';
import { answerSurvey, resolveSurvey, SURVEY_MESSAGES } from '$lib/server/queries/satisfaction';
import type { Actions, PageServerLoad } from './$types';

// The satisfaction questionnaire a structure receives after its ingénierie: public, no session;
// the token is the only key. An answered or expired link says so instead of the form.
export const load: PageServerLoad = async ({ params, setHeaders }) => {
	const { db } = await getDatabase();
	const resolved = await resolveSurvey(db, params.token);
	setHeaders({ 'cache-control': 'private, no-store', 'x-robots-tag': 'noindex, nofollow' });
	if (resolved.status === 'unknown') error(404, SURVEY_MESSAGES.unknown);
	if (resolved.status === 'expired') error(410, SURVEY_MESSAGES.expired);
	// Answered: said on the page itself, which also renders the thanks right after the answer.
	if (resolved.status === 'answered') return { closed: SURVEY_MESSAGES.answered, structure: null, expires: null };
	return { closed: null, structure: resolved.survey.structure, expires: formatDate(resolved.survey.expires_at) };
};

export const actions: Actions = {
	default: async ({ params, request }) => {
		const form = await request.formData();
		const values = answerFromForm(form);
		const parsed = satisfactionAnswerSchema.safeParse(values);
		if (!parsed.success) {
			const issue = firstIssue(parsed.error);
			return fail(400, { message: issueText(issue), field: issue.field, values });
		}
		const { db } = await getDatabase();
		const outcome = await answerSurvey(db, params.token, parsed.data);
		if (!outcome.ok) return fail(outcome.status, { message: outcome.message, field: outcome.field, values, closed: true });
		return { done: true };
	}
};
