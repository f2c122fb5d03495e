import { fail, redirect } from '@sveltejs/kit';
import { can } from '$lib/domain/roles';
import { firstIssue } from '$lib/schemas/issues';
import { tripCreateSchema } from '$lib/schemas/trip';
import { readConfig } from '$lib/server/config';
import { getDatabase } from '$lib/server/db';
import { tripActorIds } from '$lib/server/http/trips';
import { byNom } from '$lib/server/queries/territories';
import { tripSettings } from '$lib/domain/trips/settings';
import { createTrip, listTrips, TripInputError } from '$lib/server/queries/trips';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const config = readConfig();
	const { db } = await getDatabase();
	const [trips, territories] = await Promise.all([
		listTrips(db, { withPersonalData: can(locals.user?.role, 'read_personal') }),
		db
			.selectFrom('territory')
			.select(['level', 'code', 'nom'])
			.where('level', 'in', ['epci', 'zone'])
			.where('departement_code', '=', config.departement)
			.execute()
	]);
	return {
		trips,
		base: config.tripBase,
		canWrite: can(locals.user?.role, 'write'),
		zones: territories.filter((t) => t.level === 'zone').sort(byNom),
		epcis: territories.filter((t) => t.level === 'epci').sort(byNom)
	};
};

export const actions: Actions = {
	/** The form of /trips: settings, and structures by id (suggestions) or by explorer filter. */
	create: async ({ request, locals }) => {
		const form = await request.formData();
		const values = Object.fromEntries([...form].filter(([key]) => key !== 'actor_ids'));
		const parsed = tripCreateSchema.safeParse({ ...values, actor_ids: form.getAll('actor_ids') });
		if (!parsed.success) return fail(400, { ...firstIssue(parsed.error), values: values as Record<string, string> });
		const { actor_ids, filtre, ...settings } = parsed.data;
		const { db } = await getDatabase();
		const stops = await tripActorIds(db, actor_ids, filtre);
		if ('error' in stops) return fail(400, { field: 'filtre', message: stops.error, values: values as Record<string, string> });
		let id: number;
		try {
			id = await createTrip(db, tripSettings(settings, readConfig().tripBase), stops.ids, locals.user);
		} catch (error) {
			if (error instanceof TripInputError)
				return fail(error.status, { field: error.field, message: error.message, values: values as Record<string, string> });
			throw error;
		}
		redirect(303, `/trips/${id}`);
	}
};
