import { error, fail, redirect } from '@sveltejs/kit';
import { can } from '$lib/domain/roles';
import { getDatabase } from '$lib/server/db';
import { deleteSegment, openSegment, segmentQuery, segmentRecipients } from '$lib/server/queries/segments';
import type { Actions, PageServerLoad } from './$types';

const SHOWN = 100;

export const load: PageServerLoad = async ({ params, locals }) => {
	const id = Number(params.id);
	if (!Number.isInteger(id) || id < 1) error(404, 'Audience introuvable');
	const { db } = await getDatabase();
	const opening = await openSegment(db, id);
	if (!opening) error(404, 'Audience introuvable');
	const wanted = [
		...opening.memberIds.slice(0, SHOWN),
		...(opening.added ?? []).slice(0, SHOWN),
		...(opening.removed ?? []).slice(0, SHOWN)
	];
	const names = wanted.length
		? new Map(
				(
					await db
						.selectFrom('actor')
						.select(['id', 'nom'])
						.where('id', 'in', [...new Set(wanted)])
						.execute()
				).map((a) => [a.id, a.nom])
			)
		: new Map<number, string>();
	const named = (ids: number[]) => ids.slice(0, SHOWN).map((i) => ({ id: i, nom: names.get(i) ?? `n° ${i} (supprimée)` }));
	const recipients = await segmentRecipients(db, opening.segment);
	const { segment } = opening;
	return {
		segment: {
			id: segment.id,
			nom: segment.nom,
			roles: segment.roles,
			channel: segment.channel,
			query: segmentQuery(segment),
			last_opened_at: segment.last_opened_at
		},
		count: opening.memberIds.length,
		members: named(opening.memberIds),
		added: opening.added && { total: opening.added.length, shown: named(opening.added) },
		removed: opening.removed && { total: opening.removed.length, shown: named(opening.removed) },
		recipients: recipients.length,
		canWrite: can(locals.user?.role, 'write')
	};
};

export const actions: Actions = {
	supprimer: async ({ params, locals }) => {
		const { db } = await getDatabase();
		const outcome = await deleteSegment(db, locals.user!, Number(params.id));
		if (!outcome.ok) return fail(outcome.status, { message: outcome.message });
		redirect(303, '/audiences');
	}
};
