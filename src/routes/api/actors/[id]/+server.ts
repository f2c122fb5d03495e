import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { idSchema, parsePathId } from '$lib/schemas/id';
import { can } from '$lib/domain/roles';
import { ACTOR_EDITABLE_FIELDS, actorSchema } from '$lib/schemas/actor';
import { recordAudit } from '$lib/server/audit';
import { getDatabase } from '$lib/server/db';
import { readJsonBody } from '$lib/server/http/body';
import { jsonError, zodError } from '$lib/server/http/errors';
import { readConfig } from '$lib/server/config';
import { actorDetails, actorForEdit, distanceToCommune, POINT_TOLERANCE_M, updateActor } from '$lib/server/queries/actors';
import type { RequestHandler } from './$types';

const editSchema = z.object({ version: idSchema('version'), changes: z.record(z.string(), z.unknown()) });
/** Fields an edit may change; the source of a record is not editable. */
const EDITABLE = new Set<string>(ACTOR_EDITABLE_FIELDS);

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
	const unknown = Object.keys(body.data.changes).find((k) => !EDITABLE.has(k));
	if (unknown) return jsonError(400, `champ non modifiable : ${unknown}`, unknown);
	const { db } = await getDatabase();
	return db.transaction().execute(async (tx) => {
		const current = await actorForEdit(tx, id);
		if (!current) return jsonError(404, `Aucun acteur ${id}`, 'id');
		const { version, secteur_source, ...values } = current;
		// A sector that follows the NAF code is not a choice: it must follow a new NAF code too.
		const explicitSector = secteur_source === 'explicite' ? values.secteur : null;
		const parsed = actorSchema.safeParse({ ...values, secteur: explicitSector, ...body.data.changes, contacts: [] });
		if (!parsed.success) return zodError(parsed.error);
		const next = parsed.data;
		if (!next.commune_code) return jsonError(400, 'commune manquante', 'commune_code');
		const moved = ['lon', 'lat', 'commune_code'].some((k) => k in body.data.changes);
		if (moved && next.lon !== null && next.lat !== null) {
			const misplaced = await misplacedPoint(
				tx,
				next.commune_code,
				next.lon,
				next.lat,
				'lon' in body.data.changes || !('lat' in body.data.changes) ? 'lon' : 'lat'
			);
			if (misplaced) return misplaced;
		}
		const saved = await updateActor(tx, id, body.data.version, {
			...next,
			secteur: next.secteur_source === 'explicite' ? next.secteur : null,
			commune_code: next.commune_code,
			famille_juridique: next.famille_juridique ?? null
		});
		if (saved === null) {
			return jsonError(
				409,
				version === body.data.version
					? 'Enregistrement impossible'
					: 'Cette fiche a été modifiée entre-temps par quelqu’un d’autre : rechargez-la avant d’enregistrer',
				'version'
			);
		}
		await recordAudit(tx, locals.user, {
			action: 'update',
			entity: 'actor',
			entityId: id,
			before: values,
			after: { ...next, contacts: undefined }
		});
		return json({ id: id, version: saved });
	});
};

/**
 * A moved point must lie in the actor's commune, or within POINT_TOLERANCE_M of it (a point on
 * the border, a commune drawn coarsely): -1,-1 or swapped coordinates are refused, naming the field.
 */
async function misplacedPoint(
	db: Parameters<typeof distanceToCommune>[0],
	communeCode: string,
	lon: number,
	lat: number,
	field: 'lon' | 'lat'
): Promise<Response | null> {
	const check = await distanceToCommune(db, communeCode, readConfig().departement, lon, lat);
	if (!check) return jsonError(400, `commune inconnue : ${communeCode}`, 'commune_code');
	if (check.distanceM <= POINT_TOLERANCE_M) return null;
	const km = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: check.distanceM < 100_000 ? 1 : 0 }).format(check.distanceM / 1000);
	const where =
		check.against.level === 'commune'
			? `de la commune ${check.against.nom} (${check.against.code})`
			: `du département ${check.against.nom}`;
	return jsonError(
		400,
		`${field === 'lon' ? 'longitude' : 'latitude'} : le point (longitude ${lon}, latitude ${lat}) est à ${km} km ${where} ; ${POINT_TOLERANCE_M / 1000} km au plus — vérifiez la longitude et la latitude (inversées ?) ou la commune`,
		field
	);
}
