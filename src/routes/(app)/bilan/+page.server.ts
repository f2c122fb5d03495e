import { todayIn } from '$lib/domain/parcours/calendar';
import { INDICATOR_QUERY_KEYS, parseIndicatorQuery } from '$lib/schemas/indicator-query';
import { firstIssue, issueText } from '$lib/schemas/issues';
import { canonicalName } from '$lib/schemas/query-names';
import { readConfig } from '$lib/server/config';
import { getDatabase } from '$lib/server/db';
import { DEFAULT_GAP_CONFIG } from '$lib/domain/gaps/config';
import { indicatorRows } from '$lib/server/queries/indicators';
import { satisfactionByYear } from '$lib/server/queries/satisfaction';
import { listTargets, targetsWithProgress } from '$lib/server/queries/targets';
import { zonePriorities } from '$lib/server/territories/import';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const config = readConfig();
	const { db } = await getDatabase();
	// The view's own keys (the chart's indicator, the map's years) are not part of the query.
	const params = new URLSearchParams(
		[...url.searchParams].filter(([k]) => k !== 'level' && (INDICATOR_QUERY_KEYS as readonly string[]).includes(canonicalName(k)))
	);
	const parsed = parseIndicatorQuery(params);
	const error = parsed.success ? null : issueText(firstIssue(parsed.error, { asWritten: parsed.asWritten }));
	const query = parsed.success
		? parsed.data
		: (parseIndicatorQuery(new URLSearchParams()) as { success: true; data: NonNullable<typeof parsed.data> }).data;
	const today = todayIn();
	const [departement, zones, targetSet, priorities, satisfaction] = await Promise.all([
		indicatorRows(db, { ...query, level: 'departement' }, config.departement),
		indicatorRows(db, { ...query, level: 'zone' }, config.departement),
		listTargets(db, config.dataDir),
		zonePriorities(config.dataDir, config.departement),
		satisfactionByYear(db, query.de, query.a)
	]);
	return {
		error,
		query: { de: query.de, a: query.a, secteur: query.secteur },
		rows: [...departement, ...zones],
		priorities: priorities ?? { nom: '', zones: [] },
		targets: await targetsWithProgress(db, targetSet.targets, config.departement, today),
		targetSource: targetSet.source,
		minStructures: DEFAULT_GAP_CONFIG.confidence.faible_below,
		today,
		satisfaction
	};
};
