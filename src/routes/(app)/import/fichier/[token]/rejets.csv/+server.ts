import fs from 'node:fs/promises';
import { getJob, rejectionReportPath } from '$lib/server/import-jobs';
import { jsonError } from '$lib/server/http/errors';
import type { RequestHandler } from './$types';

/** GET /import/fichier/{token}/rejets.csv → the rejected rows with line, column and reason. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const job = getJob(params.token, locals.user!.id);
	if (!job || job.state !== 'terminé') return jsonError(404, 'Rapport indisponible', 'token');
	const body = await fs.readFile(rejectionReportPath(job.token));
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="rejets-${job.fileName.replace(/[^\w.-]/g, '_')}.csv"`
		}
	});
};
