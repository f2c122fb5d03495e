import { error, redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/**
 * GET /parcours/{id}: the address of one parcours (the calendar feed's events link to it) opens the
 * board with that parcours highlighted and its record beside it.
 */
export const GET: RequestHandler = ({ params }) => {
	if (!/^\d{1,10}$/.test(params.id)) error(404, 'Parcours introuvable');
	redirect(303, `/parcours?p=${params.id}`);
};
