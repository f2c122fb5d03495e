import { stringify } from 'csv-stringify/sync';
import { getDatabase } from '$lib/server/db';
import { auditEntries } from '$lib/server/queries/audit-log';
import { journalFilter, journalView } from '../filter';
import type { RequestHandler } from './$types';

/** GET /admin/journal/export → the journal as shown (same tab and filter) as CSV (UTF-8 with BOM, `;`);
 * the sentence comes last so that the columns of earlier exports keep their place. */
export const GET: RequestHandler = async ({ url }) => {
	const { db } = await getDatabase();
	const entries = await auditEntries(db, { ...journalFilter(journalView(url.searchParams)), limit: 100_000 });
	const csv = stringify(
		entries.map((e) => [e.at, e.userEmail, e.action, e.entity, e.entityId, e.before ?? '', e.after ?? '', e.sentence]),
		{
			bom: true,
			delimiter: ';',
			header: true,
			columns: ['date', 'utilisateur', 'action', 'objet', 'identifiant', 'avant', 'apres', 'evenement'],
			record_delimiter: 'windows',
			escape_formulas: true
		}
	);
	return new Response(csv, {
		headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="maillage-journal.csv"' }
	});
};
