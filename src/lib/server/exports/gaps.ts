// The gap rows as a spreadsheet-friendly CSV (French Excel: « ; », decimal comma, BOM), the same
// rows and order as GET /api/gaps.
import type { GapRow } from '../queries/gaps';
import { csvTable, type Column } from './spreadsheet';

const COLUMNS: Column<GapRow>[] = [
	{ label: 'Rang', value: (r) => r.rank },
	{ label: 'Code', value: (r) => r.code },
	{ label: 'Territoire', value: (r) => r.nom },
	{ label: 'Niveau', value: (r) => r.level },
	{ label: 'Secteur', value: (r) => r.sector_label },
	{ label: 'Population', value: (r) => r.population },
	{ label: 'Structures ESS', value: (r) => r.structures },
	{ label: 'dont employeuses', value: (r) => r.structures_employeuses },
	{ label: 'Accompagnées sur la période', value: (r) => r.accompanied },
	{ label: 'Taux d’accompagnement', value: (r) => r.rate },
	{ label: 'Confiance du taux', value: (r) => r.confidence },
	{ label: 'Structures pour 10 000 hab.', value: (r) => r.structures_per_10k },
	{ label: 'Accompagnements pour 10 000 hab.', value: (r) => r.accompaniments_per_10k },
	{ label: 'Emplois concernés', value: (r) => r.emplois_concernes },
	{ label: 'Distance à la structure accompagnée la plus proche (km)', value: (r) => r.distance_km },
	{ label: 'Accompagnées attendues au taux départemental', value: (r) => r.expected },
	{ label: 'Manque', value: (r) => r.missing },
	{ label: 'Score', value: (r) => r.score },
	{ label: 'Zone blanche', value: (r) => (r.white_zone ? 'oui' : 'non') },
	{ label: 'Structures isolées', value: (r) => r.isolated },
	{ label: 'Taux départemental (tous secteurs)', value: (r) => r.benchmark_rate },
	{ label: 'Référence : structures', value: (r) => r.reference.structures },
	{ label: 'Référence : accompagnées', value: (r) => r.reference.accompanied },
	{ label: 'Référence : taux', value: (r) => r.reference.rate },
	{ label: 'Référence : structures pour 10 000 hab.', value: (r) => r.reference.structures_per_10k }
];

const round = (n: number) => Math.round(n * 10_000) / 10_000;

export function gapsToCsv(rows: GapRow[]): string {
	return csvTable(
		COLUMNS.map((c) => ({
			...c,
			value: (row: GapRow) => {
				const v = c.value(row);
				return typeof v === 'number' ? round(v) : v;
			}
		})),
		rows
	);
}
