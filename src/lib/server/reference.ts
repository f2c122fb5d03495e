// Editable reference data read from the configuration folder (data/).
import fs from 'node:fs/promises';
import path from 'node:path';
import { divisionIndex, sectorTableSchema, type SectorTable } from '../domain/sectors';
import { readConfig } from './config';

export async function loadSectorTable(dataDir = readConfig().dataDir): Promise<SectorTable> {
	const file = path.join(dataDir, 'sectors.json');
	const parsed = sectorTableSchema.safeParse(JSON.parse(await fs.readFile(file, 'utf8')));
	if (!parsed.success) throw new Error(`${file} invalide : ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join(' ; ')}`);
	return parsed.data;
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
