import { fail, redirect } from '@sveltejs/kit';
import { can } from '$lib/domain/roles';
import { getDatabase } from '$lib/server/db';
import { createSegment, listSegments, segmentQuery } from '$lib/server/queries/segments';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const { db } = await getDatabase();
	const segments = await listSegments(db);
	return {
		segments: segments.map((s) => ({
			id: s.id,
			nom: s.nom,
			query: segmentQuery(s),
			roles: s.roles,
			channel: s.channel,
			last_opened_at: s.last_opened_at
		})),
		canWrite: can(locals.user?.role, 'write')
	};
};

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const values = Object.fromEntries(await request.formData()) as Record<string, string>;
		const { db } = await getDatabase();
		const outcome = await createSegment(db, locals.user!, values);
		if (!outcome.ok) return fail(outcome.status, { field: outcome.field, message: outcome.message, values });
		redirect(303, `/audiences/${outcome.id}`);
	}
};
