// The current Code officiel géographique, from @etalab/decoupage-administratif (INSEE data).
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { CogCommune } from '../../domain/territory/reconcile';

const require = createRequire(import.meta.url);

interface RawCommune extends CogCommune {
	siren?: string;
	departement?: string;
	arrondissement?: string;
	population?: number;
	codesPostaux?: string[];
}
interface RawEpci {
	code: string;
	nom: string;
	type: string;
	populationTotale?: number;
	populationMunicipale?: number;
	membres: { code: string; nom: string }[];
}

export interface CogDepartement {
	code: string;
	nom: string;
	/** Commune code of the préfecture. */
	chefLieu: string | null;
	/** COG "type de liaison" (which article the name takes). */
	typeLiaison: number | null;
	/** Current communes of the département. */
	communes: {
		code: string;
		nom: string;
		siren: string | null;
		population: number | null;
		codesPostaux: string[];
		arrondissement: string | null;
		epci: string | null;
		anciensCodes: string[];
	}[];
	/** Every entry of the département (current, delegated, associated) for reconciliation. */
	allCommunes: CogCommune[];
	arrondissements: { code: string; nom: string }[];
	/** Every EPCI with at least one member commune in the département. */
	epcis: {
		code: string;
		nom: string;
		type: string;
		populationTotale: number | null;
		members: { code: string; nom: string; inDepartement: boolean }[];
	}[];
}

async function readDataset<T>(name: string): Promise<T> {
	const file = require.resolve(`@etalab/decoupage-administratif/data/${name}.json`);
	return JSON.parse(await fs.readFile(file, 'utf8')) as T;
}

export async function loadCogDepartement(code: string): Promise<CogDepartement> {
	const [departements, communes, arrondissements, epcis] = await Promise.all([
		readDataset<{ code: string; nom: string }[]>('departements'),
		readDataset<RawCommune[]>('communes'),
		readDataset<{ code: string; nom: string; departement: string }[]>('arrondissements'),
		readDataset<RawEpci[]>('epci')
	]);
	const departement = departements.find((d) => d.code === code) as
		{ code: string; nom: string; chefLieu?: string; typeLiaison?: number } | undefined;
	if (!departement) throw new Error(`Département ${code} inconnu du COG`);

	const inDepartement = communes.filter((c) => c.departement === code);
	const current = inDepartement.filter((c) => c.type === 'commune-actuelle');
	const currentCodes = new Set(current.map((c) => c.code));
	const ourEpcis = epcis.filter((e) => e.membres.some((m) => currentCodes.has(m.code)));
	const epciOf = new Map<string, string>();
	for (const e of ourEpcis) for (const m of e.membres) if (currentCodes.has(m.code)) epciOf.set(m.code, e.code);

	return {
		code: departement.code,
		nom: departement.nom,
		chefLieu: departement.chefLieu ?? null,
		typeLiaison: departement.typeLiaison ?? null,
		communes: current.map((c) => ({
			code: c.code,
			nom: c.nom,
			siren: c.siren ?? null,
			population: c.population ?? null,
			codesPostaux: c.codesPostaux ?? [],
			arrondissement: c.arrondissement ?? null,
			epci: epciOf.get(c.code) ?? null,
			anciensCodes: c.anciensCodes ?? []
		})),
		allCommunes: inDepartement,
		arrondissements: arrondissements.filter((a) => a.departement === code).map((a) => ({ code: a.code, nom: a.nom })),
		epcis: ourEpcis.map((e) => ({
			code: e.code,
			nom: e.nom,
			type: e.type,
			populationTotale: e.populationMunicipale ?? e.populationTotale ?? null,
			members: e.membres.map((m) => ({ code: m.code, nom: m.nom, inDepartement: currentCodes.has(m.code) }))
		}))
	};
}

let departementsCache: Promise<{ code: string; nom: string; typeLiaison?: number }[]> | null = null;

/** Name and COG « type de liaison » (which article the name takes) of a département, without
 * reading the communes. */
export async function cogDepartementInfo(code: string): Promise<{ code: string; nom: string; typeLiaison: number | null }> {
	departementsCache ??= readDataset<{ code: string; nom: string; typeLiaison?: number }[]>('departements');
	const found = (await departementsCache).find((d) => d.code === code);
	if (!found) throw new Error(`Département ${code} inconnu du COG`);
	return { code: found.code, nom: found.nom, typeLiaison: found.typeLiaison ?? null };
}
