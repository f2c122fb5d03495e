import { json } from '@sveltejs/kit';
import { parseTripRequest, planTrip } from '$lib/domain/trips/index';
import { readJsonBody } from '$lib/server/http/body';
import type { RequestHandler } from './$types';

/**
 * POST /api/trips/optimize with `{start, end?, stops:[{id, lon, lat, duration_min?, window?}], day?, days?}`
 * → `{order, legs, total_km, total_min, schedule, days, unplanned, unplanned_reasons}`; 400 with
 * `{error, errors:[{field, message}]}` when the request cannot be planned.
 */
export const POST: RequestHandler = async ({ request }) => {
	const body = await readJsonBody(request);
	if (!body.ok) return body.response;
	const parsed = parseTripRequest(body.value);
	if (!parsed.ok) {
		return json(
			{
				error: { message: parsed.errors.map((e) => `${e.field} : ${e.message}`).join(' ; '), field: parsed.errors[0]?.field },
				errors: parsed.errors
			},
			{ status: 400 }
		);
	}
	return json(planTrip(parsed.request));
};
