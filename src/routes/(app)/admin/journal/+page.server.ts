import { getDatabase } from '$lib/server/db';
import { listAudit } from '$lib/server/queries/audit-log';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const { db } = await getDatabase();
	const entity = url.searchParams.get('entite') ?? '';
	const rows = await listAudit(db, { entity: entity || undefined, limit: 300 });
	return {
		entity,
		rows: rows.map((r) => ({
			...r,
			at: new Date(r.at).toISOString(),
			before: r.before === null ? null : JSON.stringify(r.before),
			after: r.after === null ? null : JSON.stringify(r.after)
		}))
	};
};
