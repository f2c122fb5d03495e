import { DEFAULT_GAP_CONFIG } from '$lib/domain/gaps/config';
import { explainScore } from '$lib/domain/gaps/score';
import { GAP_LEVELS, GAP_QUERY_KEYS, parseGapQuery, type GapLevel } from '$lib/schemas/gap-query';
import { firstIssue, issueText } from '$lib/schemas/issues';
import { canonicalName } from '$lib/schemas/query-names';
import { readConfig } from '$lib/server/config';
import { getDatabase } from '$lib/server/db';
import { gapRankingAndMatrix, gapSummary } from '$lib/server/queries/gaps';
import { byNom } from '$lib/server/queries/territories';
import { loadSectorLabels } from '$lib/server/reference';
import { zonePriorities } from '$lib/server/territories/import';
import type { PageServerLoad } from './$types';

/** The matrix of communes would be 725 rows: only the first ones by score. */
const MATRIX_MAX_ROWS = 40;

export const load: PageServerLoad = async ({ url }) => {
	const config = readConfig();
	const { db } = await getDatabase();
	// The view's own keys (selection, indicator) are not part of the gap query.
	const params = new URLSearchParams(
		[...url.searchParams].filter(([k]) => (GAP_QUERY_KEYS as readonly string[]).includes(canonicalName(k)))
	);
	const parsed = parseGapQuery(params);
	const error = parsed.success ? null : issueText(firstIssue(parsed.error, { asWritten: parsed.asWritten }));
	const query = parsed.success
		? parsed.data
		: (parseGapQuery(new URLSearchParams()) as { success: true; data: NonNullable<typeof parsed.data> }).data;

	const [{ ranking: analysis, matrix }, zones, sectorLabels, priorities] = await Promise.all([
		gapRankingAndMatrix(db, query),
		db
			.selectFrom('territory')
			.select(['code', 'nom'])
			.where('level', '=', 'zone')
			.where('departement_code', '=', config.departement)
			.execute(),
		loadSectorLabels(),
		zonePriorities(config.dataDir, config.departement)
	]);
	const selectedCode = url.searchParams.get('t');
	const selected = selectedCode ? (analysis.rows.find((r) => r.code === selectedCode) ?? null) : null;
	const summary = selected ? await gapSummary(db, { level: query.level, code: selected.code, from: query.from, to: query.to }) : null;

	const shownTerritories = new Set(analysis.rows.slice(0, MATRIX_MAX_ROWS).map((r) => r.code));
	return {
		error,
		query,
		levels: GAP_LEVELS as readonly GapLevel[],
		departement: analysis.departement,
		rows: analysis.rows,
		matrix: {
			cells: matrix.rows.filter((r) => shownTerritories.has(r.code)),
			truncated: analysis.rows.length > MATRIX_MAX_ROWS ? analysis.rows.length : null
		},
		whiteZoneKm: analysis.white_zone_km,
		selected,
		summary: summary?.text ?? null,
		zones: zones.sort(byNom),
		sectorLabels,
		priorities,
		explanation: explainScore(DEFAULT_GAP_CONFIG),
		confidenceBelow: DEFAULT_GAP_CONFIG.confidence.faible_below
	};
};
