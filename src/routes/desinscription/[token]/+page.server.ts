import { error } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db';
import { unsubscribe } from '$lib/server/queries/consents';
import type { Actions, PageServerLoad } from './$types';

/** Opening the link is the unsubscription: one click, honoured at once, nothing to confirm. */
export const load: PageServerLoad = async ({ params }) => {
	const { db } = await getDatabase();
	const outcome = await unsubscribe(db, params.token);
	if (!outcome.ok) error(404, 'Lien de désinscription inconnu');
	return {};
};

export const actions: Actions = {
	/**
	 * RFC 8058 one-click: the mail client's « se désinscrire » button POSTs `List-Unsubscribe=One-Click`
	 * here, from the provider's servers (no Origin, no cookie: hooks.server.ts lets this route through).
	 */
	default: async ({ params }) => {
		const { db } = await getDatabase();
		const outcome = await unsubscribe(db, params.token);
		if (!outcome.ok) error(404, 'Lien de désinscription inconnu');
		return { unsubscribed: true };
	}
};
