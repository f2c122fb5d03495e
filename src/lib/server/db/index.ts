// The application's database: opened once per process, migrated, and given its territory
// reference on first start. Requests share this handle.
import { readConfig, type MaillageConfig } from '../config';
import { countLevels, importTerritories } from '../territories/import';
import { migrateToLatest, openDatabase, type DatabaseHandle } from './client';
import { syncNafSectors } from '../queries/actors';
import { loadSectorTable, sectorDivisionsOf } from '../reference';
import { useSectorTable } from '../../domain/sectors';
import { demoOnFirstStart } from '../demo/load';
import { loadCogDepartement } from '../territories/cog';
import { syncCollectivites } from '../territories/collectivites';

let ready: Promise<DatabaseHandle> | null = null;

export function getDatabase(): Promise<DatabaseHandle> {
	ready ??= prepareDatabase(readConfig()).catch((error: unknown) => {
		ready = null; // let the next request try again rather than caching a failure forever
		throw error;
	});
	return ready;
}

/** Closes the application's database, once its start is over (the server's stop). */
export async function closeDatabase(): Promise<void> {
	const starting = ready;
	ready = null;
	if (!starting) return;
	const handle = await starting.catch(() => null);
	await handle?.close();
}

/** Settles when the database's start is over, whether it succeeded or not. */
export function databaseSettled(): Promise<unknown> {
	return ready ?? Promise.resolve();
}

export interface PrepareOptions {
	/**
	 * Whether this start may settle the demo (load it into a brand-new database): the server's
	 * starts do; a CLI import does not, since it is about to write real actors.
	 */
	firstStartDemo?: boolean;
}

export async function prepareDatabase(
	config: MaillageConfig,
	log: (m: string) => void = console.log,
	options: PrepareOptions = {}
): Promise<DatabaseHandle> {
	const t0 = performance.now();
	const handle = await openDatabase(config);
	try {
		await migrateToLatest(handle.db);
		// The NAF → ESS sector grouping is editable data: re-read at every start, put in force for
		// the validation and labels of this process and copied into the database's naf_sector.
		const sectors = await loadSectorTable(config.dataDir);
		useSectorTable(sectors);
		const resectored = await syncNafSectors(handle.db, sectorDivisionsOf(sectors));
		if (resectored) log(`[maillage] secteurs ESS recalculés pour ${resectored} acteur(s)`);
		const counts = await countLevels(handle.db, config.departement);
		if (counts.commune === 0) {
			log(`[maillage] base vide : import du référentiel territorial du département ${config.departement}`);
			await importTerritories(handle.db, config, (m) => log(`[maillage] ${m}`));
		}
		const anyCollectivite = await handle.db.selectFrom('actor').select('id').where('source', '=', 'cog').limit(1).executeTakeFirst();
		if (!anyCollectivite) {
			const result = await syncCollectivites(handle.db, await loadCogDepartement(config.departement));
			log(`[maillage] collectivités du territoire : ${result.imported} ajoutée(s)`);
		}
		// A brand-new database gets the demo territory once, so that a first start shows something
		// real; after that, only `demo --reset` loads it (the state is kept in app_state).
		if (options.firstStartDemo ?? true) {
			const demo = await demoOnFirstStart(handle.db, config.departement, { enabled: process.env.MAILLAGE_DEMO !== 'off' });
			if (demo?.state === 'loaded')
				log(
					`[maillage] données de démonstration chargées : ${demo.summary.actors} acteurs, ${demo.summary.accompaniments} accompagnements`
				);
			else if (demo?.state === 'declined')
				log(
					`[maillage] pas de données de démonstration (${demo.reason === 'off' ? 'MAILLAGE_DEMO=off' : 'la base contient déjà des acteurs'}) ; « demo --reset » les charge`
				);
		}
	} catch (error) {
		await handle.close();
		throw error;
	}
	log(`[maillage] base ${handle.backend} prête en ${Math.round(performance.now() - t0)} ms`);
	return handle;
}
