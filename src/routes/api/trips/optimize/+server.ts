import { json } from '@sveltejs/kit';
import { parseTripRequest, planTrip } from '$lib/domain/trips/index';
import type { RequestHandler } from './$types';

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * POST /api/trips/optimize with `{start, end?, stops:[{id, lon, lat, duration_min?, window?}], day?, days?}`
 * → `{order, legs, total_km, total_min, schedule, days, unplanned, unplanned_reasons}`; 400 with
 * `{error, errors:[{field, message}]}` when the request cannot be planned.
 */
export const POST: RequestHandler = async ({ request }) => {
	if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) {
		return json({ error: { message: 'Requête trop volumineuse (1 Mo au plus)' } }, { status: 413 });
	}
	const body = await request.json().catch(() => undefined);
	if (body === undefined) return json({ error: { message: 'Corps JSON attendu' }, errors: [] }, { status: 400 });
	const parsed = parseTripRequest(body);
	if (!parsed.ok) {
		return json({ error: { message: parsed.errors.map((e) => `${e.field} : ${e.message}`).join(' ; '), field: parsed.errors[0]?.field }, errors: parsed.errors }, { status: 400 });
	}
	return json(planTrip(parsed.request));
};
