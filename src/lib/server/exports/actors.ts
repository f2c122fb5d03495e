// Exports of an actor list: CSV (UTF-8 with BOM, `;`, opens in Excel), XLSX and GeoJSON.
// Never any contact person: exports leave the team (RGPD).
import type { FeatureCollection, Point } from 'geojson';
import type { ActorListRow } from '../queries/actor-list';
import { csvTable, xlsxTable, type Column } from './spreadsheet';

const FIELDS: { key: keyof ActorListRow; label: string; width?: number }[] = [
	{ key: 'id', label: 'Identifiant Maillage' },
	{ key: 'nom', label: 'Nom', width: 40 },
	{ key: 'sigle', label: 'Sigle' },
	{ key: 'kind', label: 'Type d’acteur' },
	{ key: 'siret', label: 'SIRET', width: 16 },
	{ key: 'categorie_juridique', label: 'Catégorie juridique' },
	{ key: 'famille_juridique', label: 'Famille juridique' },
	{ key: 'naf', label: 'NAF' },
	{ key: 'secteur', label: 'Secteur ESS' },
	{ key: 'tranche_effectifs', label: 'Tranche d’effectifs' },
	{ key: 'employeur', label: 'Employeur' },
	{ key: 'adresse', label: 'Adresse', width: 30 },
	{ key: 'code_postal', label: 'Code postal' },
	{ key: 'commune_code', label: 'Code commune' },
	{ key: 'commune', label: 'Commune', width: 22 },
	{ key: 'epci_code', label: 'EPCI' },
	{ key: 'zone_code', label: 'Zone' },
	{ key: 'lon', label: 'Longitude' },
	{ key: 'lat', label: 'Latitude' },
	{ key: 'precision', label: 'Précision de localisation' },
	{ key: 'status', label: 'Statut DLA' },
	{ key: 'last_stage', label: 'Dernière étape' },
	{ key: 'last_accompaniment', label: 'Date de la dernière étape' },
	{ key: 'last_contact', label: 'Dernier contact' },
	{ key: 'tags', label: 'Étiquettes' },
	{ key: 'source', label: 'Source' }
];

function cell(row: ActorListRow, key: keyof ActorListRow): string | number | null {
	const value = row[key];
	if (value === null || value === undefined) return null;
	if (Array.isArray(value)) return value.join(', ');
	if (typeof value === 'boolean') return value ? 'oui' : 'non';
	return value;
}

const COLUMNS: Column<ActorListRow>[] = FIELDS.map(({ key, label, width }) => ({ label, width, value: (row) => cell(row, key) }));

export function actorsToCsv(rows: ActorListRow[]): string {
	return csvTable(COLUMNS, rows);
}

export async function actorsToXlsx(rows: ActorListRow[], title: string): Promise<Buffer> {
	return xlsxTable(COLUMNS, rows, title);
}

export function actorsToGeoJson(rows: ActorListRow[]): FeatureCollection<Point | null> {
	return {
		type: 'FeatureCollection',
		features: rows.map((row) => ({
			type: 'Feature',
			id: row.id,
			geometry: row.lon === null || row.lat === null ? null : { type: 'Point', coordinates: [row.lon, row.lat] },
			properties: Object.fromEntries(FIELDS.filter((c) => c.key !== 'lon' && c.key !== 'lat').map((c) => [c.key, row[c.key]]))
		}))
	};
}
