import { fail, redirect } from '@sveltejs/kit';
import { todayIn } from '$lib/domain/parcours/calendar';
import { can } from '$lib/domain/roles';
import { firstIssue } from '$lib/schemas/issues';
import { rencontreSchema } from '$lib/schemas/rencontre';
import { readConfig } from '$lib/server/config';
import { getDatabase } from '$lib/server/db';
import { rencontreForm } from '$lib/server/http/rencontres';
import { createRencontre, listRencontres } from '$lib/server/queries/events';
import { byNom } from '$lib/server/queries/territories';
import { loadSectorLabels } from '$lib/server/reference';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const config = readConfig();
	const { db } = await getDatabase();
	const today = todayIn();
	const [rencontres, territories, sectorLabels] = await Promise.all([
		listRencontres(db),
		db
			.selectFrom('territory')
			.select(['level', 'code', 'nom'])
			.where('level', 'in', ['epci', 'zone'])
			.where('departement_code', '=', config.departement)
			.execute(),
		loadSectorLabels()
	]);
	return {
		upcoming: rencontres.filter((r) => r.date >= today),
		// The latest first.
		past: rencontres.filter((r) => r.date < today).reverse(),
		today,
		canWrite: can(locals.user?.role, 'write'),
		zones: territories.filter((t) => t.level === 'zone').sort(byNom),
		epcis: territories.filter((t) => t.level === 'epci').sort(byNom),
		sectorLabels
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
