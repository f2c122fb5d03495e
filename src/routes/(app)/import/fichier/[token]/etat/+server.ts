import { json } from '@sveltejs/kit';
import { getJob } from '$lib/server/import-jobs';
import { jsonError } from '$lib/server/http/errors';
import type { RequestHandler } from './$types';

/** GET /import/fichier/{token}/etat → progress and, when done, the result of an import. */
export const GET: RequestHandler = ({ params, locals }) => {
	const job = getJob(params.token, locals.user!.id);
	if (!job) return jsonError(404, 'Import inconnu', 'token');
	const { state, summary, result, error, dryRun, fileName } = job;
	return json({ state, summary, result, error, dryRun, fileName });
};
