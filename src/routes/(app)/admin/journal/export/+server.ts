import { stringify } from 'csv-stringify/sync';
import { getDatabase } from '$lib/server/db';
import { listAudit } from '$lib/server/queries/audit-log';
import type { RequestHandler } from './$types';

/** GET /admin/journal/export → the audit log as CSV (UTF-8 with BOM, `;`). */
export const GET: RequestHandler = async ({ url }) => {
	const { db } = await getDatabase();
	const rows = await listAudit(db, { entity: url.searchParams.get('entite') || undefined, limit: 100_000 });
	const csv = stringify(
		rows.map((r) => [
			new Date(r.at).toISOString(),
			r.user_email,
			r.action,
			r.entity,
			r.entity_id,
			r.before === null ? '' : JSON.stringify(r.before),
			r.after === null ? '' : JSON.stringify(r.after)
		]),
		{
			bom: true,
			delimiter: ';',
			header: true,
			columns: ['date', 'utilisateur', 'action', 'objet', 'identifiant', 'avant', 'apres'],
			record_delimiter: 'windows',
			escape_formulas: true
		}
	);
	return new Response(csv, {
		headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="maillage-journal.csv"' }
	});
};
