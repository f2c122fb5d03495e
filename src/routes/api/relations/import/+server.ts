import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db';
import { readBytes, tooLarge } from '$lib/server/http/body';
import { jsonError } from '$lib/server/http/errors';
import { ImportFileError } from '$lib/server/imports/errors';
import { runRelationImport } from '$lib/server/relation-import';
import type { RequestHandler } from './$types';

const MAX_BYTES = 20 * 1024 * 1024;

/**
 * POST /api/relations/import?fichier=relations.csv&essai=1 with the CSV or XLSX as body →
 * `{runId, summary, rejections}`: columns de ; vers ; type ; date_debut ; date_fin (SIRET, RNA
 * number or Maillage id for each actor). `essai=1` checks the file and writes nothing.
 */
export const POST: RequestHandler = async ({ request, url, locals }) => {
	const bytes = await readBytes(request, MAX_BYTES);
	if (bytes === null) return tooLarge(MAX_BYTES, 'Fichier');
	if (!bytes.length) return jsonError(400, 'fichier vide : envoyer le CSV ou le classeur dans le corps de la requête', 'fichier');
	const fileName = (url.searchParams.get('fichier') ?? 'relations.csv').slice(0, 200);
	const { db } = await getDatabase();
	try {
		const result = await runRelationImport(db, bytes, { fileName, dryRun: url.searchParams.get('essai') === '1', who: locals.user });
		return json(result);
	} catch (error) {
		if (error instanceof ImportFileError) return jsonError(400, error.message, 'fichier');
		throw error;
	}
};
