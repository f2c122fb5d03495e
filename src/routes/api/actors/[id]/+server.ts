import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { can } from '$lib/domain/roles';
import { actorSchema } from '$lib/schemas/actor';
import { recordAudit } from '$lib/server/audit';
import { getDatabase } from '$lib/server/db';
import { jsonError, zodError } from '$lib/server/http/errors';
import { actorDetails, actorForEdit, updateActor } from '$lib/server/queries/actors';
import type { RequestHandler } from './$types';

const idSchema = z.coerce.number().int().positive();
const editSchema = z.object({ version: z.number().int().positive(), changes: z.record(z.string(), z.unknown()) });
/** Fields an edit may change; the source of a record is not editable. */
const EDITABLE = new Set(['kind', 'nom', 'sigle', 'siren', 'siret', 'rna', 'categorie_juridique', 'naf', 'secteur', 'tranche_effectifs', 'employeur', 'ess', 'date_creation', 'adresse', 'code_postal', 'commune_code', 'lon', 'lat', 'precision', 'tags', 'notes']);

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
		const { version, ...values } = current;
		const parsed = actorSchema.safeParse({ ...values, ...body.data.changes, contacts: [] });
		if (!parsed.success) return zodError(parsed.error);
		const next = parsed.data;
		if (!next.commune_code) return jsonError(400, 'commune manquante', 'commune_code');
		const saved = await updateActor(tx, id.data, body.data.version, { ...next, commune_code: next.commune_code, famille_juridique: next.famille_juridique ?? null });
		if (saved === null) {
			return jsonError(409, version === body.data.version ? 'Enregistrement impossible' : 'Cette fiche a été modifiée entre-temps par quelqu’un d’autre : rechargez-la avant d’enregistrer', 'version');
		}
		await recordAudit(tx, locals.user, { action: 'update', entity: 'actor', entityId: id.data, before: values, after: { ...next, contacts: undefined } });
		return json({ id: id.data, version: saved });
	});
};
