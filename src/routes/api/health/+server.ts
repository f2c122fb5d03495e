import { json } from '@sveltejs/kit';
import { readConfig } from '$lib/server/config';
import { getDatabase } from '$lib/server/db';
import { currentMigration } from '$lib/server/db/client';
import { countLevels } from '$lib/server/territories/import';
import { lastTerritoryImport } from '$lib/server/queries/territories';
import type { RequestHandler } from './$types';

/** GET /api/health → backend, migration version, counts per level */
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
		territoryImport: lastImport ? { finishedAt: lastImport.finished_at, changed: lastImport.changed } : null
	});
};
