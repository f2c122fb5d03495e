// Any address no other route takes: a 404 inside the (app) layout, so that the error page carries
// the navigation (an unmatched route would render the root error page, without it).
import { error } from '@sveltejs/kit';
import type { PageLoad } from './$types';

export const load: PageLoad = () => error(404, 'Page introuvable');
