import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { can } from '$lib/domain/roles';
import { ACTOR_EDITABLE_FIELDS, actorSchema } from '$lib/schemas/actor';
import { recordAudit } from '$lib/server/audit';
import { getDatabase } from '$lib/server/db';
import { jsonError } from '$lib/server/http/errors';
import { actorDetails, actorForEdit, updateActor } from '$lib/server/queries/actors';
import type { RequestHandler } from './$types';

const idSchema = z.coerce.number().int().positive();
const editSchema = z.object({ version: z.number().int().positive(), changes: z.record(z.string(), z.unknown()) });
/** Fields an edit may change; the source of a record is not editable. */
const EDITABLE = new Set<string>(ACTOR_EDITABLE_FIELDS);

/** GET /api/actors/{id} → identity, accompaniment history, contact log; contact persons for the team only. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const id = idSchema.safeParse(params.id);
	if (!id.success) return jsonError(400, 'identifiant d’acteur invalide', 'id');
	const { db } = await getDatabase();
	const actor = await actorDetails(db, id.data, { withPersonalData: can(locals.user?.role, 'read_personal') });
	if (!actor) return jsonError(404, `Aucun acteur ${id.data}`, 'id');
	return json(actor);
};

/**
 * PATCH /api/actors/{id} with `{version, changes}` → the edit goes through the same schema as the
 * imports; 409 if someone saved the actor since `version` was read.
 */
export const PATCH: RequestHandler = async ({ params, request, locals }) => {
	const id = idSchema.safeParse(params.id);
	if (!id.success) return jsonError(400, 'identifiant d’acteur invalide', 'id');
	const body = editSchema.safeParse(await request.json().catch(() => null));
	if (!body.success) return jsonError(400, 'corps attendu : {"version": n, "changes": {…}}', 'version');
	const unknown = Object.keys(body.data.changes).find((k) => !EDITABLE.has(k));
	if (unknown) return jsonError(400, `champ non modifiable : ${unknown}`, unknown);
	const { db } = await getDatabase();
	return db.transaction().execute(async (tx) => {
		const current = await actorForEdit(tx, id.data);
		if (!current) return jsonError(404, `Aucun acteur ${id.data}`, 'id');
		const { version, secteur_source, ...values } = current;
		// A sector that follows the NAF code is not a choice: it must follow a new NAF code too.
		const explicitSector = secteur_source === 'explicite' ? values.secteur : null;
		const parsed = actorSchema.safeParse({ ...values, secteur: explicitSector, ...body.data.changes, contacts: [] });
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			return jsonError(400, `${String(issue.path[0] ?? '')} : ${issue.message}`, String(issue.path[0] ?? ''));
		}
		const next = parsed.data;
		if (!next.commune_code) return jsonError(400, 'commune manquante', 'commune_code');
		const saved = await updateActor(tx, id.data, body.data.version, {
			...next,
			secteur: next.secteur_source === 'explicite' ? next.secteur : null,
			commune_code: next.commune_code,
			famille_juridique: next.famille_juridique ?? null
		});
		if (saved === null) {
			return jsonError(409, version === body.data.version ? 'Enregistrement impossible' : 'Cette fiche a été modifiée entre-temps par quelqu’un d’autre : rechargez-la avant d’enregistrer', 'version');
		}
		await recordAudit(tx, locals.user, { action: 'update', entity: 'actor', entityId: id.data, before: values, after: { ...next, contacts: undefined } });
		return json({ id: id.data, version: saved });
	});
};
