// ESS sectors from NAF codes (domain.md §3): an editable grouping of NAF divisions.
import { z } from 'zod';

export const sectorTableSchema = z.object({
	source: z.string().optional(),
	sectors: z
		.array(
			z.object({
				code: z.string().regex(/^[a-z_]+$/, 'code de secteur : minuscules et _'),
				label: z.string().min(1),
				divisions: z.array(z.string().regex(/^\d{2}(-\d{2})?$/, 'division NAF « 88 » ou plage « 05-43 »')).min(1)
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

/** `8899B`, `88.99B`, `88.99b` → `88.99B`; null when it is not a NAF rév. 2 sub-class. */
export function normalizeNaf(raw: string | null | undefined): string | null {
	const compact = (raw ?? '').replace(/[\s.]/g, '').toUpperCase();
	return /^\d{4}[A-Z]$/.test(compact) ? `${compact.slice(0, 2)}.${compact.slice(2)}` : null;
}

export function sectorOfNaf(naf: string | null | undefined, index: Map<string, string>): string | null {
	const normalized = normalizeNaf(naf);
	return normalized ? (index.get(normalized.slice(0, 2)) ?? null) : null;
}
