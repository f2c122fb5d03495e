// Editable reference data read from the configuration folder (data/).
import path from 'node:path';
import { parcoursConfigSchema, type ParcoursConfig } from '../domain/parcours/config';
import { divisionIndex, sectorTableSchema, type SectorTable } from '../domain/sectors';
import { readConfig } from './config';
import { readJsonFile } from './json-file';

export async function loadSectorTable(dataDir = readConfig().dataDir): Promise<SectorTable> {
	const file = path.join(dataDir, 'sectors.json');
	return readJsonFile(sectorTableSchema, file);
}

/** ESS sector code → French label. */
export async function loadSectorLabels(dataDir = readConfig().dataDir): Promise<Record<string, string>> {
	const table = await loadSectorTable(dataDir);
	return Object.fromEntries(table.sectors.map((s) => [s.code, s.label]));
}

/** The NAF division → sector rows the database keeps in naf_sector. */
export async function sectorDivisions(dataDir = readConfig().dataDir): Promise<{ division: string; secteur: string }[]> {
	return sectorDivisionsOf(await loadSectorTable(dataDir));
}

export function sectorDivisionsOf(table: SectorTable): { division: string; secteur: string }[] {
	return [...divisionIndex(table)].map(([division, secteur]) => ({ division, secteur }));
}

/** The parcours settings (data/parcours.json): themes, stalled thresholds, consolidation checkpoints. */
export async function loadParcoursConfig(dataDir = readConfig().dataDir): Promise<ParcoursConfig> {
	return readJsonFile(parcoursConfigSchema, path.join(dataDir, 'parcours.json'));
}
