// The collectivités of the territory as actors (communes, EPCI, the département), from the COG:
// real reference data, kept apart from the demo (source `cog`). Their town halls are not geocoded:
// they are placed at their commune (precision `commune`).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { upsertActors, type ActorUpsert, type UpsertCounts } from '../queries/actors';
import type { CogDepartement } from './cog';
import { deNom } from '../../domain/territory/names';

const EPCI_LEGAL_FORM: Record<string, string> = { METRO: '7344', CA: '7348', CC: '7346', CU: '7343' };

export function collectiviteActors(cog: CogDepartement): ActorUpsert[] {
	const base = {
		kind: 'collectivite' as const,
		sigle: null,
		siret: null,
		rna: null,
		famille_juridique: 'collectivite',
		naf: '84.11Z',
		tranche_effectifs: null,
		employeur: null,
		ess: false,
		date_creation: null,
		adresse: null,
		lon: null,
		lat: null,
		precision: null,
		tags: [],
		notes: null,
		source: 'cog'
	};
	const currentCodes = new Set(cog.communes.map((c) => c.code));
	const communes = cog.communes.map((c) => ({
		...base,
		nom: c.nom,
		siren: c.siren,
		categorie_juridique: '7210',
		code_postal: c.codesPostaux[0] ?? null,
		commune_code: c.code,
		tags: ['commune'],
		source_id: `commune:${c.code}`
	}));
	const population = new Map(cog.communes.map((c) => [c.code, c.population ?? 0]));
	const epcis = cog.epcis.map((e) => {
		// The seat is not in the COG extract: the most populated member commune in the département stands for it.
		const seat = e.members
			.filter((m) => currentCodes.has(m.code))
			.sort((a, b) => (population.get(b.code) ?? 0) - (population.get(a.code) ?? 0))[0].code;
		return {
			...base,
			nom: e.nom,
			siren: e.code,
			categorie_juridique: EPCI_LEGAL_FORM[e.type] ?? null,
			code_postal: null,
			commune_code: seat,
			tags: ['epci'],
			source_id: `epci:${e.code}`
		};
	});
	const prefecture = cog.chefLieu && currentCodes.has(cog.chefLieu) ? cog.chefLieu : cog.communes[0].code;
	const departement = {
		...base,
		nom: `Département ${deNom(cog.nom, cog.typeLiaison)}`,
		siren: null,
		categorie_juridique: '7220',
		code_postal: null,
		commune_code: prefecture,
		tags: ['departement'],
		source_id: `departement:${cog.code}`
	};
	return [...communes, ...epcis, departement];
}

export async function syncCollectivites(db: Kysely<Database>, cog: CogDepartement): Promise<UpsertCounts> {
	const rows = collectiviteActors(cog);
	const total: UpsertCounts = { imported: 0, updated: 0, unchanged: 0 };
	for (let i = 0; i < rows.length; i += 1000) {
		const counts = await upsertActors(db, rows.slice(i, i + 1000));
		total.imported += counts.imported;
		total.updated += counts.updated;
		total.unchanged += counts.unchanged;
	}
	return total;
}
