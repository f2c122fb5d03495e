import { getDatabase } from '$lib/server/db';
import { auditEntries } from '$lib/server/queries/audit-log';
import type { PageServerLoad } from './$types';
import { journalFilter, journalView } from './filter';

const PAGE_SIZE = 200;

export const load: PageServerLoad = async ({ url }) => {
	const { db } = await getDatabase();
	const view = journalView(url.searchParams);
	const avant = Number(url.searchParams.get('avant'));
	const beforeId = Number.isSafeInteger(avant) && avant > 0 ? avant : undefined;
	const entries = await auditEntries(db, { ...journalFilter(view), beforeId, limit: PAGE_SIZE + 1 });
	return {
		view,
		entries: entries.slice(0, PAGE_SIZE),
		/** The id to continue from, when there are older entries. */
		next: entries.length > PAGE_SIZE ? entries[PAGE_SIZE - 1].id : null,
		paged: beforeId !== undefined
	};
};
