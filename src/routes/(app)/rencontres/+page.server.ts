import { fail, redirect } from '@sveltejs/kit';
import { todayIn } from '$lib/domain/parcours/calendar';
import { can } from '$lib/domain/roles';
import { firstIssue } from '$lib/schemas/issues';
import { rencontreSchema } from '$lib/schemas/rencontre';
import { getDatabase } from '$lib/server/db';
import { rencontreForm, rencontreFormChoices } from '$lib/server/http/rencontres';
import { createRencontre, listRencontres } from '$lib/server/queries/events';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const { db } = await getDatabase();
	const today = todayIn();
	const [rencontres, choices] = await Promise.all([listRencontres(db), rencontreFormChoices()]);
	return {
		upcoming: rencontres.filter((r) => r.date >= today),
		// The latest first.
		past: rencontres.filter((r) => r.date < today).reverse(),
		today,
		canWrite: can(locals.user?.role, 'write'),
		...choices
	};
};

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const { values, raw } = rencontreForm(await request.formData());
		const parsed = rencontreSchema.safeParse(raw);
		if (!parsed.success) return fail(400, { ...firstIssue(parsed.error), values });
		const { db } = await getDatabase();
		const created = await createRencontre(db, parsed.data, locals.user);
		if (!created.ok) return fail(created.status, { field: created.field, message: created.message, values });
		redirect(303, `/rencontres/${created.id}`);
	}
};
