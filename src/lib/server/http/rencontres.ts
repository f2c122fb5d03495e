// What the event pages and exports share: the event of a path (404 when none), with contact
// persons only for users allowed to see them, and a file download named after the event.
import { error } from '@sveltejs/kit';
import { can } from '../../domain/roles';
import type { Role } from '../../domain/roles';
import { parsePathId } from '../../schemas/id';
import { getDatabase } from '../db';
import { rencontreFileName } from '../exports/rencontres';
import { getRencontre, type RencontreDetail } from '../queries/events';
import { byNom, zonesAndEpcis } from '../queries/territories';
import { readConfig } from '../config';
import { loadSectorLabels } from '../reference';

export async function rencontreOfPath(idParam: string, role: Role | undefined): Promise<RencontreDetail> {
	const id = parsePathId(idParam);
	if (id === null) error(400, 'identifiant de rencontre invalide');
	const { db } = await getDatabase();
	const r = await getRencontre(db, id, can(role, 'read_personal'));
	if (!r) error(404, `aucune rencontre ${id}`);
	return r;
}

export function rencontreDownload(r: RencontreDetail, body: string | Buffer, suffix: string, extension: string, type: string): Response {
	return new Response(typeof body === 'string' ? body : new Uint8Array(body), {
		headers: {
			'content-type': type,
			'content-disposition': `attachment; filename="${rencontreFileName(r, suffix, extension)}"`,
			'cache-control': 'private, no-store'
		}
	});
}

/** Form values as the schema reads them: the lists (sectors, co-organisers) from repeated fields. */
export function rencontreForm(form: FormData) {
	const values = Object.fromEntries([...form].filter(([key]) => !['secteurs', 'co_organisateurs', 'territoire'].includes(key)));
	const territoire = String(form.get('territoire') ?? '');
	const [level, code] = territoire.includes(':') ? territoire.split(':') : [null, null];
	return {
		values: values as Record<string, string>,
		raw: {
			...values,
			territoire_level: level,
			territoire_codes: code ? code.split(',') : [],
			secteurs: form.getAll('secteurs'),
			co_organisateurs: form.getAll('co_organisateurs')
		}
	};
}

/** What the event form offers: the zones and EPCI of the département to target, the sectors. */
export async function rencontreFormChoices() {
	const { db } = await getDatabase();
	const [territories, sectorLabels] = await Promise.all([zonesAndEpcis(db, readConfig().departement), loadSectorLabels()]);
	const named = (level: string) =>
		territories
			.filter((t) => t.level === level)
			.map(({ code, nom }) => ({ code, nom }))
			.sort(byNom);
	return { zones: named('zone'), epcis: named('epci'), sectorLabels };
}
