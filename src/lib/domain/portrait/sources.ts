// Where a figure comes from, in words a mayor reads under it: « SIRENE (INSEE) », « données de
// démonstration (fictives) »… Sources are the `source` column of actors and accompaniments.
import { formatInteger } from '../format';

const SOURCE_LABELS: Record<string, string> = {
	sirene: 'SIRENE (INSEE)',
	rna: 'RNA',
	cog: 'COG (INSEE)',
	demo: 'données de démonstration (fictives)',
	csv: 'tableau importé',
	xlsx: 'tableau importé',
	geojson: 'fichier GeoJSON importé',
	accompaniments: 'suivi des accompagnements du DLA',
	dla: 'suivi des accompagnements du DLA'
};

export function sourceLabel(source: string): string {
	return SOURCE_LABELS[source] ?? source;
}

/** « SIRENE (INSEE) : 1 234 ; données de démonstration (fictives) : 56 » — labels merged. */
export function sourcesText(counts: readonly { source: string; count: number }[]): string {
	const merged = new Map<string, number>();
	for (const { source, count } of counts) merged.set(sourceLabel(source), (merged.get(sourceLabel(source)) ?? 0) + count);
	if (merged.size === 0) return 'aucune donnée';
	if (merged.size === 1) return [...merged.keys()][0];
	return [...merged].map(([label, count]) => `${label} : ${formatInteger(count)}`).join(' ; ');
}

export function hasDemo(counts: readonly { source: string; count: number }[]): boolean {
	return counts.some((c) => c.source === 'demo' && c.count > 0);
}
