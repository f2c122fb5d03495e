import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { idSchema, parsePathId } from '$lib/schemas/id';
import { can } from '$lib/domain/roles';
import { getDatabase } from '$lib/server/db';
import { readJsonBody } from '$lib/server/http/body';
import { jsonError, refusalResponse } from '$lib/server/http/errors';
import { readConfig } from '$lib/server/config';
import { actorDetails, editActor } from '$lib/server/queries/actors';
import type { RequestHandler } from './$types';

const editSchema = z.object({ version: idSchema('version'), changes: z.record(z.string(), z.unknown()) });

/** GET /api/actors/{id} → identity, accompaniment history, contact log; contact persons for the team only. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const id = parsePathId(params.id);
	if (id === null) return jsonError(400, 'identifiant d’acteur invalide', 'id');
	const { db } = await getDatabase();
	const actor = await actorDetails(db, id, { withPersonalData: can(locals.user?.role, 'read_personal') });
	if (!actor) return jsonError(404, `Aucun acteur ${id}`, 'id');
	return json(actor);
};

/**
 * PATCH /api/actors/{id} with `{version, changes}` → the edit goes through the same schema as the
 * imports; 409 if someone saved the actor since `version` was read.
 */
export const PATCH: RequestHandler = async ({ params, request, locals }) => {
	const id = parsePathId(params.id);
	if (id === null) return jsonError(400, 'identifiant d’acteur invalide', 'id');
	const raw = await readJsonBody(request);
	if (!raw.ok) return raw.response;
	const body = editSchema.safeParse(raw.value);
	if (!body.success) {
		const issue = body.error.issues[0];
		return jsonError(
			400,
			issue.path[0] === 'version' && raw.value && typeof raw.value === 'object' && 'version' in raw.value
				? issue.message
				: 'corps attendu : {"version": n, "changes": {…}}',
			String(issue.path[0] ?? 'version')
		);
	}
	const { db } = await getDatabase();
	const outcome = await editActor(
		db,
		{ id, version: body.data.version, changes: body.data.changes, departement: readConfig().departement },
		locals.user
	);
	if (!outcome.ok) return refusalResponse(outcome);
	return json({ id: outcome.id, version: outcome.version });
};
