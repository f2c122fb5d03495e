// ESS sectors from NAF codes (domain.md §3): an editable grouping of NAF divisions
// (data/sectors.json). The server reads the file of its configuration folder at start
// (server/db/index.ts → `useSectorTable`) and every check, label and NAF lookup below follows that
// table, the same one the database's naf_sector holds; the copy bundled here is only the fallback
// of the client and of code that runs before a start (unit tests).
import { z } from 'zod';
import bundledTable from '../../../data/sectors.json';

export const sectorTableSchema = z.object({
	source: z.string().optional(),
	sectors: z
		.array(
			z.object({
				code: z.string().regex(/^[a-z_]+$/, 'code de secteur : minuscules et _'),
				label: z.string().min(1),
				divisions: z.array(z.string().regex(/^\d{2}(-\d{2})?$/, 'division NAF « 88 » ou plage « 05-43 »')).min(1),
				/** The words people use for it (« culture », « handicap »): the filter's sector search (domain/sector-search). */
				synonyms: z.array(z.string().trim().min(1).max(80)).max(60).optional()
			})
		)
		.min(1)
});
export type SectorTable = z.infer<typeof sectorTableSchema>;

/** Division (2 digits) → sector code; a division claimed by two sectors is an error. */
export function divisionIndex(table: SectorTable): Map<string, string> {
	const index = new Map<string, string>();
	for (const sector of table.sectors) {
		for (const range of sector.divisions) {
			const [from, to = from] = range.split('-').map(Number);
			for (let d = from; d <= to; d++) {
				const division = String(d).padStart(2, '0');
				const previous = index.get(division);
				if (previous) throw new Error(`division NAF ${division} dans deux secteurs : ${previous} et ${sector.code}`);
				index.set(division, sector.code);
			}
		}
	}
	return index;
}

function bundledSectorTable(): SectorTable {
	const parsed = sectorTableSchema.safeParse(bundledTable);
	if (!parsed.success) {
		throw new Error(`data/sectors.json invalide : ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join(' ; ')}`);
	}
	return parsed.data;
}

export const DEFAULT_SECTOR_TABLE: SectorTable = bundledSectorTable();
export const DEFAULT_SECTOR_INDEX: Map<string, string> = divisionIndex(DEFAULT_SECTOR_TABLE);

/** Sector code → French label, for the bundled table or a given one. */
export function sectorLabels(table: SectorTable = DEFAULT_SECTOR_TABLE): Record<string, string> {
	return Object.fromEntries(table.sectors.map((s) => [s.code, s.label]));
}

/** The table in force in this process: the bundled one until the server has read its own. */
let active = { table: DEFAULT_SECTOR_TABLE, index: DEFAULT_SECTOR_INDEX, labels: sectorLabels(DEFAULT_SECTOR_TABLE) };

/** Puts `table` in force for the validation, labels and NAF lookups of this process. */
export function useSectorTable(table: SectorTable): void {
	active = { table, index: divisionIndex(table), labels: sectorLabels(table) };
}

/** The table in force (see `useSectorTable`). */
export function activeSectorTable(): SectorTable {
	return active.table;
}

export function sectorLabel(code: string | null | undefined): string | null {
	return code && Object.hasOwn(active.labels, code) ? active.labels[code] : null;
}

export function isSectorCode(code: string, table?: SectorTable): boolean {
	return table ? table.sectors.some((s) => s.code === code) : Object.hasOwn(active.labels, code);
}

const NAF_SEPARATORS = /[\s.]/g;
const NAF_COMPACT = /^\d{4}[A-Z]$/;

/** `8899B`, `88.99B`, `88.99b` → `88.99B`; null when it is not a NAF rév. 2 sub-class. */
export function normalizeNaf(raw: string | null | undefined): string | null {
	if (!raw) return null;
	const compact = raw.replace(NAF_SEPARATORS, '').toUpperCase();
	return NAF_COMPACT.test(compact) ? `${compact.slice(0, 2)}.${compact.slice(2)}` : null;
}

/** The ESS sector of a NAF code in any usual spelling; null for an unknown or malformed code. */
export function sectorOfNaf(naf: string | null | undefined, index: Map<string, string> = active.index): string | null {
	const normalized = normalizeNaf(naf);
	return normalized ? (index.get(normalized.slice(0, 2)) ?? null) : null;
}
