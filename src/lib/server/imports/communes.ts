// The communes of the configured département, to tell what lies inside the territory and to find
// a commune's INSEE code from what spreadsheets hold (a name, a postal code). Built from the
// Code officiel géographique shipped by @etalab/decoupage-administratif.
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import { foldText } from '../../schemas/fields';

/** A COG entry as @etalab/decoupage-administratif gives it. */
export interface CogEntry {
	code: string;
	nom: string;
	type: string;
	departement?: string;
	/** For a delegated or associated commune: the current commune it belongs to. */
	chefLieu?: string;
	/** For a current commune: codes of communes merged into it. */
	anciensCodes?: string[];
	codesPostaux?: string[];
}

export interface CommuneDirectory {
	/** Codes of the current communes of the territory. */
	codes: Set<string>;
	/** Former, delegated and associated commune codes → current commune code. */
	aliases: Map<string, string>;
	/** Folded name (« metz », « hayange ») → current commune codes with that name. */
	byName: Map<string, string[]>;
	/** Postal code → current commune codes it serves. */
	byPostalCode: Map<string, string[]>;
}

function push(map: Map<string, string[]>, key: string, code: string): void {
	const list = map.get(key);
	if (!list) map.set(key, [code]);
	else if (!list.includes(code)) list.push(code);
}

const SAINT = /\b(st|ste)\b/g;

/** Names as people type them: « St-Avold », « SAINT AVOLD » and « Saint-Avold » meet. */
export function communeNameKey(name: string): string {
	return foldText(name).replace(SAINT, (word) => (word === 'st' ? 'saint' : 'sainte'));
}

export function buildCommuneDirectory(entries: CogEntry[]): CommuneDirectory {
	const directory: CommuneDirectory = { codes: new Set(), aliases: new Map(), byName: new Map(), byPostalCode: new Map() };
	for (const entry of entries) {
		if (entry.type !== 'commune-actuelle') continue;
		directory.codes.add(entry.code);
		push(directory.byName, communeNameKey(entry.nom), entry.code);
		for (const postalCode of entry.codesPostaux ?? []) push(directory.byPostalCode, postalCode, entry.code);
		for (const former of entry.anciensCodes ?? []) if (former !== entry.code) directory.aliases.set(former, entry.code);
	}
	for (const entry of entries) {
		if (entry.type === 'commune-actuelle' || !entry.chefLieu || !directory.codes.has(entry.chefLieu)) continue;
		if (entry.code !== entry.chefLieu) directory.aliases.set(entry.code, entry.chefLieu);
		// A delegated commune's old name still appears in addresses.
		push(directory.byName, communeNameKey(entry.nom), entry.chefLieu);
	}
	return directory;
}

/** The current commune code for a code of the territory (former codes followed); null outside. */
export function currentCommuneCode(directory: Pick<CommuneDirectory, 'codes' | 'aliases'>, code: string): string | null {
	if (directory.codes.has(code)) return code;
	return directory.aliases.get(code) ?? null;
}

export type CommuneResolution =
	{ ok: true; code: string } | { ok: false; reason: 'hors territoire' | 'introuvable' | 'ambigu'; candidates?: string[] };

/**
 * Finds the commune from a name and/or a postal code: the name within the postal code first, then
 * the name alone, then the postal code alone when it serves a single commune.
 */
export function resolveCommune(directory: CommuneDirectory, name: string | null, postalCode: string | null): CommuneResolution {
	const byPostal = postalCode ? directory.byPostalCode.get(postalCode) : undefined;
	if (name) {
		const byName = directory.byName.get(communeNameKey(name));
		if (byName && byPostal) {
			const both = byName.filter((code) => byPostal.includes(code));
			if (both.length === 1) return { ok: true, code: both[0] };
		}
		if (byName?.length === 1) return { ok: true, code: byName[0] };
		if (byName && byName.length > 1) return { ok: false, reason: 'ambigu', candidates: byName };
	}
	if (byPostal?.length === 1) return { ok: true, code: byPostal[0] };
	if (byPostal && byPostal.length > 1) return { ok: false, reason: 'ambigu', candidates: byPostal };
	// A postal code no commune of the territory has places the row elsewhere.
	return { ok: false, reason: postalCode && !byPostal ? 'hors territoire' : 'introuvable' };
}

const require = createRequire(import.meta.url);

/** The directory of a département, from the COG data shipped with the application. */
export async function loadCommuneDirectory(departement: string): Promise<CommuneDirectory> {
	const file = require.resolve('@etalab/decoupage-administratif/data/communes.json');
	const entries = JSON.parse(await fs.readFile(file, 'utf8')) as CogEntry[];
	return buildCommuneDirectory(entries.filter((entry) => entry.departement === departement));
}
