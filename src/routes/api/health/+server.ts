import { json } from '@sveltejs/kit';
import { readConfig } from '$lib/server/config';
import { getDatabase } from '$lib/server/db';
import { currentMigration } from '$lib/server/db/client';
import { pdfRenderer } from '$lib/server/pdf';
import { countLevels } from '$lib/server/territories/import';
import { lastTerritoryImport } from '$lib/server/queries/territories';
import type { RequestHandler } from './$types';

/** GET /api/health → backend, migration version, counts per level, PDF queue */
export const GET: RequestHandler = async () => {
	const config = readConfig();
	const { db, backend } = await getDatabase();
	const [migration, counts, lastImport] = await Promise.all([
		currentMigration(db),
		countLevels(db, config.departement),
		lastTerritoryImport(db, config.departement)
	]);
	return json({
		status: 'ok',
		backend,
		migration,
		departement: config.departement,
		counts,
		territoryImport: lastImport ? { finishedAt: lastImport.finished_at, changed: lastImport.changed } : null,
		// The PDF queue: pages rendering now and at most at once, waiting, refused (503), served from cache.
		pdf: pdfRenderer().stats
	});
};
