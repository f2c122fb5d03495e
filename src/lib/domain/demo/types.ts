// What the demo generator reads (the territory) and writes (records the database phase maps).
import type { MultiPolygon, Polygon } from 'geojson';
import type { Accompaniment } from '../../schemas/accompaniment';
import type { ContactLog, ContactLogType } from '../../schemas/contact-log';
import type { ActorUpsert } from '../../schemas/actor';

export const DEMO_SOURCE = 'demo';
export type DemoSource = typeof DEMO_SOURCE;

export interface DemoCommune {
	code: string;
	nom: string;
	population: number;
	codes_postaux: string[];
	epci_code: string | null;
	zone_code: string | null;
	/** WGS 84. */
	geometry: Polygon | MultiPolygon;
}

export interface DemoCounts {
	/** ESS establishments (≈2,500 for Moselle). */
	structures?: number;
	initiatives?: number;
	accompaniments?: number;
	/** Prospecting contacts, beyond those of the parcours. */
	prospection?: number;
}

export interface DemoInput {
	departement: { code: string; nom: string; typeLiaison?: number | null };
	communes: DemoCommune[];
	epcis: { code: string; nom: string }[];
	zones: { code: string; nom: string }[];
	/** Zones where the DLA has been most active (Moselle: metz, nord). */
	focusZones: string[];
	/** The generated history ends on this day. */
	today: Date;
	counts?: DemoCounts;
	/** Share of the accompaniments on structures of the focus zones (default 0.8). */
	focusShare?: number;
	/** Région of the institutions (« DREETS Grand Est »); default Grand Est. */
	region?: string;
	/** Commune code of the chef-lieu, where the institutions sit; default the most populated commune. */
	chefLieu?: string;
}

export type DemoActorKind = 'structure_ess' | 'partenaire' | 'initiative';

/** A fictitious person (example.org e-mail, phone in the range ARCEP keeps for fiction). */
export interface DemoContact {
	nom: string;
	role: string | null;
	email: string | null;
	telephone: string | null;
	base_legale: string;
}

/** An actor of the demo: the record the importers hand over, from a demo source, without the derived fields. */
export type DemoActor = Omit<ActorUpsert, 'kind' | 'precision' | 'source' | 'source_id' | 'famille_juridique' | 'secteur'> & {
	source: DemoSource;
	source_id: string;
	kind: DemoActorKind;
	precision: 'adresse' | 'commune' | null;
	contacts: DemoContact[];
};

/** A parcours of the demo: the accompaniment's own fields, its structure and prestataire by source id. */
export type DemoAccompaniment = Omit<Accompaniment, 'prestataire' | 'date_accueil'> & {
	source: DemoSource;
	source_id: string;
	actor_source_id: string;
	/** Every demo parcours starts with an accueil. */
	date_accueil: string;
	prestataire_source_id: string | null;
};

export type DemoContactLogType = ContactLogType;

/** A contact with a demo structure: the contact log's own fields, its structure by source id. */
export type DemoContactLog = Pick<ContactLog, 'date' | 'type' | 'who' | 'note'> & {
	source: DemoSource;
	source_id: string;
	actor_source_id: string;
};

export interface DemoData {
	actors: DemoActor[];
	accompaniments: DemoAccompaniment[];
	contactLogs: DemoContactLog[];
}
