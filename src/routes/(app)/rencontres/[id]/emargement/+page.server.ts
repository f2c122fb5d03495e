import { can } from '$lib/domain/roles';
import { rencontreOfPath } from '$lib/server/http/rencontres';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => ({
	rencontre: await rencontreOfPath(params.id, locals.user?.role),
	withPersonalData: can(locals.user?.role, 'read_personal')
});
