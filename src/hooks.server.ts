import type { HandleServerError, ServerInit } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db';

// Open, migrate and (first time) fill the database when the server starts, not on the first visit.
export const init: ServerInit = async () => {
	await getDatabase();
};

export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status !== 404) console.error(`[maillage] ${event.request.method} ${event.url.pathname}`, error);
	return { message: status === 404 ? 'Page introuvable' : 'Erreur interne : voir le journal du serveur' };
};
