import { addDays } from '$lib/domain/trips/roadmap';
import { todayIn } from '$lib/domain/parcours/calendar';
import { getDatabase } from '$lib/server/db';
import { tripsBetween } from '$lib/server/queries/trips';
import type { PageServerLoad } from './$types';

/** How far ahead the field view lists trips: one can open (and keep offline) next week's the day before. */
const AHEAD_DAYS = 14;

export const load: PageServerLoad = async ({ locals }) => {
	const today = todayIn();
	const { db } = await getDatabase();
	const userId = locals.user && locals.user.id > 0 ? locals.user.id : null;
	const trips = await tripsBetween(db, today, addDays(today, AHEAD_DAYS), userId);
	return {
		today,
		current: trips.filter((t) => t.date_start <= today),
		upcoming: trips.filter((t) => t.date_start > today)
	};
};
