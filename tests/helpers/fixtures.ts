// Hand-made records for the integration tests: an actor as an import hands it over, with the
// values most tests want, and a file's own differences on top.
import type { Kysely } from 'kysely';
import type { Database } from '../../src/lib/server/db/schema';
import type { AccompanimentUpsert } from '../../src/lib/server/queries/accompaniments';
import type { ActorUpsert } from '../../src/lib/server/queries/actors';

/** An employer association of Metz (social action, 1–2 employees), source `test`, `t<n>`. */
export function testActor(n: number): ActorUpsert {
	return {
		kind: 'structure_ess',
		nom: `Structure ${n}`,
		sigle: null,
		siren: null,
		siret: null,
		rna: null,
		categorie_juridique: '9220',
		famille_juridique: 'association',
		naf: '88.99B',
		tranche_effectifs: '01',
		employeur: true,
		ess: true,
		date_creation: null,
		adresse: null,
		code_postal: null,
		commune_code: '57463',
		lon: null,
		lat: null,
		precision: null,
		tags: [],
		notes: null,
		source: 'test',
		source_id: `t${n}`
	};
}

/**
 * A file's actor factory: `testActor` with the file's own defaults (fixed, or computed from the
 * actor's number), then each actor's differences.
 */
export function actorFixture(defaults: Partial<ActorUpsert> | ((n: number) => Partial<ActorUpsert>) = {}) {
	return (n: number, over: Partial<ActorUpsert> = {}): ActorUpsert => ({
		...testActor(n),
		...(typeof defaults === 'function' ? defaults(n) : defaults),
		...over
	});
}

/** The ids of the actors of a source, by their `source_id`. */
export async function actorIdsBySourceId(db: Kysely<Database>, source = 'test'): Promise<Record<string, number>> {
	const rows = await db.selectFrom('actor').select(['id', 'source_id']).where('source', '=', source).execute();
	return Object.fromEntries(rows.map((r) => [r.source_id!, r.id]));
}

/** A parcours as an import hands it over: at `accueil`, every date and figure empty, source `test`. */
export function testAccompaniment(
	over: Partial<AccompanimentUpsert> & Pick<AccompanimentUpsert, 'actor_id' | 'source_id'>
): AccompanimentUpsert {
	return {
		stage: 'accueil',
		date_accueil: null,
		date_diagnostic: null,
		date_plan: null,
		date_ingenierie: null,
		date_suivi: null,
		date_fin: null,
		ingenierie_type: null,
		themes: [],
		prestataire_id: null,
		prestataire_nom: null,
		budget_eur: null,
		jours: null,
		emplois_cdi: null,
		emplois_cdd: null,
		emplois_consolides: null,
		next_followup: null,
		notes: null,
		source: 'test',
		...over
	};
}
