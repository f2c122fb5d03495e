import { error } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db';
import { unsubscribe } from '$lib/server/queries/consents';
import type { PageServerLoad } from './$types';

/** Opening the link is the unsubscription: one click, honoured at once, nothing to confirm. */
export const load: PageServerLoad = async ({ params }) => {
	const { db } = await getDatabase();
	const outcome = await unsubscribe(db, params.token);
	if (!outcome.ok) error(404, 'Lien de désinscription inconnu');
	return {};
};
