// The counts of the gap analysis summed from the communes to a level of territory, per sector and
// overall: pure assembly of what the queries read (server/queries/gaps.ts).
import type { GapLevel } from '../../schemas/gap-query';

export interface CountRow {
	code: string | null;
	sector: string | null;
	structures: number;
	structures_employeuses: number;
	accompanied: number;
	emplois: number;
}

/** The counts the analysis needs, at every grouping. */
export interface Counts {
	/** Per territory and sector ('' for structures without a sector). */
	cells: Map<string, CountRow>;
	/** Per territory, all sectors. */
	territories: Map<string, CountRow>;
	/** Per sector, whole département. */
	sectors: Map<string, CountRow>;
	/** Whole département, all sectors. */
	overall: CountRow | undefined;
}

export const cellKey = (code: string | null, sector: string | null) => `${code}|${sector ?? ''}`;

/** Counts of one commune × sector: structures from one query, accompanied ones from another. */
export interface CommunePart {
	commune: string;
	sector: string;
	structures: number;
	structures_employeuses: number;
	accompanied: number;
	emplois: number;
}

/**
 * The communes' counts summed into their territory of `level`, and the cells into totals per
 * territory, per sector and overall: a few thousand rows, summed here. (One SQL join of the
 * accompaniments and territories to every structure, with GROUPING SETS, cost three times as much
 * at 1,000,000 structures.)
 */
export function combineCounts(level: GapLevel | null, parts: CommunePart[], parents: Map<string, string | null> | null): Counts {
	const counts: Counts = { cells: new Map(), territories: new Map(), sectors: new Map(), overall: undefined };
	/** Adds `row` into `map[key]`, the sum labelled with the code and sector of its grouping. */
	const add = <K>(map: Map<K, CountRow>, key: K, row: CountRow, code: string | null, sector: string | null) =>
		map.set(key, { ...sum([map.get(key), row]), code, sector });
	for (const part of parts) {
		const code = level === null ? null : parents ? (parents.get(part.commune) ?? null) : part.commune;
		const row: CountRow = {
			code,
			sector: part.sector,
			structures: part.structures,
			structures_employeuses: part.structures_employeuses,
			accompanied: part.accompanied,
			emplois: part.emplois
		};
		add(counts.cells, cellKey(code, part.sector), row, code, part.sector);
		if (code !== null) add(counts.territories, code, row, code, null);
		add(counts.sectors, part.sector, row, null, part.sector);
		counts.overall = sum([counts.overall, row]);
	}
	return counts;
}

/** The sum of some counts (several sectors asked). */
export function sum(rows: (CountRow | undefined)[]): CountRow {
	return rows.reduce<CountRow>(
		(total, c) =>
			c
				? {
						code: total.code,
						sector: total.sector,
						structures: total.structures + c.structures,
						structures_employeuses: total.structures_employeuses + c.structures_employeuses,
						accompanied: total.accompanied + c.accompanied,
						emplois: total.emplois + c.emplois
					}
				: total,
		{ code: null, sector: null, structures: 0, structures_employeuses: 0, accompanied: 0, emplois: 0 }
	);
}
