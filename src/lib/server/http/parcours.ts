// What the parcours endpoints share: the settings and labels the query module needs, who asks,
// and the query module's expected refusals turned into 4xx answers naming the field.
import { json } from '@sveltejs/kit';
import { todayIn } from '../../domain/parcours/calendar';
import { can } from '../../domain/roles';
import { readConfig } from '../config';
import { ParcoursError, type ParcoursContext, type Viewer } from '../queries/parcours';
import { loadParcoursConfig, loadSectorLabels } from '../reference';
import type { SessionUser } from '../queries/users';

/** Settings (data/parcours.json), sector labels (data/sectors.json) and today's date, read per request. */
export async function parcoursContext(): Promise<ParcoursContext & { departement: string }> {
	const config = readConfig();
	const [parcours, sectorLabels] = await Promise.all([loadParcoursConfig(config.dataDir), loadSectorLabels(config.dataDir)]);
	return { config: parcours, sectorLabels, today: todayIn(), departement: config.departement };
}

export function viewerOf(user: SessionUser | null): Viewer {
	return { user, withPersonalData: can(user?.role, 'read_personal') };
}

/** Runs a use case; a ParcoursError becomes its 4xx, with `existing_id` when it names a parcours. */
export async function parcoursMutation(run: () => Promise<Response>): Promise<Response> {
	try {
		return await run();
	} catch (error) {
		if (!(error instanceof ParcoursError)) throw error;
		return json({ error: { message: error.message, field: error.field, ...error.extra }, ...error.extra }, { status: error.status });
	}
}
