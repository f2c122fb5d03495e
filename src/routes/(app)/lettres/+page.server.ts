import { fail, redirect } from '@sveltejs/kit';
import { can } from '$lib/domain/roles';
import { getDatabase } from '$lib/server/db';
import { createNewsletter, listNewsletters } from '$lib/server/queries/newsletters';
import { listSegments } from '$lib/server/queries/segments';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const { db } = await getDatabase();
	const [newsletters, segments] = await Promise.all([listNewsletters(db), listSegments(db)]);
	return { newsletters, segments: segments.map((s) => ({ id: s.id, nom: s.nom })), canWrite: can(locals.user?.role, 'write') };
};

/** A new issue starts with an editorial and the latest accompaniments. */
const STARTER = [
	{ type: 'texte', titre: 'Édito', texte: 'Bonjour,\n\nVoici les nouvelles du DLA.' },
	{ type: 'accompagnements', nombre: 5 }
];

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const values = Object.fromEntries(await request.formData()) as Record<string, string>;
		const { db } = await getDatabase();
		const outcome = await createNewsletter(db, locals.user!, { titre: values.titre, segment_id: values.segment_id, blocks: STARTER });
		if (!outcome.ok) return fail(outcome.status, { message: outcome.message, values });
		redirect(303, `/lettres/${outcome.id}`);
	}
};
