import { parseActorFilter } from '$lib/schemas/actor-filter';
import { getDatabase } from '$lib/server/db';
import { actorsToCsv, actorsToGeoJson, actorsToXlsx } from '$lib/server/exports/actors';
import { jsonError, zodError } from '$lib/server/http/errors';
import { listActors } from '$lib/server/queries/actor-list';
import type { RequestHandler } from './$types';

const FORMATS = ['csv', 'xlsx', 'geojson'] as const;

/** GET /api/actors/export?format=csv|xlsx|geojson&<filtres> → exactly the filtered actors, no personal data. */
export const GET: RequestHandler = async ({ url }) => {
	const format = url.searchParams.get('format') ?? 'csv';
	if (!(FORMATS as readonly string[]).includes(format)) return jsonError(400, `format inconnu : ${FORMATS.join(', ')}`, 'format');
	const params = new URLSearchParams(url.searchParams);
	params.delete('format');
	const filter = parseActorFilter(params);
	if (!filter.success) return zodError(filter.error, { asWritten: filter.asWritten });
	const { db } = await getDatabase();
	const { rows } = await listActors(db, filter.data);
	const stamp = new Date().toISOString().slice(0, 10);
	const name = `maillage-acteurs-${stamp}`;
	if (format === 'csv') {
		return new Response(actorsToCsv(rows), {
			headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}.csv"` }
		});
	}
	if (format === 'xlsx') {
		return new Response(new Uint8Array(await actorsToXlsx(rows, 'Acteurs')), {
			headers: {
				'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
				'content-disposition': `attachment; filename="${name}.xlsx"`
			}
		});
	}
	return new Response(JSON.stringify(actorsToGeoJson(rows)), {
		headers: { 'content-type': 'application/geo+json; charset=utf-8', 'content-disposition': `attachment; filename="${name}.geojson"` }
	});
};
