// What GET /api/actors/{id} sends (JSON): the actor panel and the edit form read this type, derived
// from the schemas rather than written again beside each component.
import type { AccompanimentStatus } from '../domain/accompaniment-status';
import type { Accompaniment } from '../schemas/accompaniment';
import type { ActorUpsert, LocationPrecision } from '../schemas/actor';
import type { ConsentChannel } from '../schemas/promotion';

/** One parcours in an actor's history; the consultancy by name (its partner actor's, or as typed). */
export type ActorAccompanimentDto = Pick<
	Accompaniment,
	| 'stage'
	| 'date_accueil'
	| 'date_diagnostic'
	| 'date_plan'
	| 'date_ingenierie'
	| 'date_suivi'
	| 'date_fin'
	| 'ingenierie_type'
	| 'themes'
	| 'budget_eur'
	| 'emplois_cdi'
	| 'emplois_cdd'
> & { id: number; prestataire: string | null };

/** One actor with its history; `notes`, the contact log's people and the contacts only for the team. */
export type ActorDetailsDto = Omit<ActorUpsert, 'notes' | 'secteur' | 'precision' | 'lon' | 'lat'> & {
	id: number;
	/** The stored sector (explicit or from the NAF code). */
	secteur: string | null;
	precision: LocationPrecision | null;
	/** WGS 84 of the stored point. */
	lon: number | null;
	lat: number | null;
	commune: string;
	version: number;
	/** Absent for readers without access to personal data. */
	notes?: string | null;
	/** Agreed to be named as accompanied (newsletter, public map); when, from what, by whom it was recorded. */
	publication_nom: boolean;
	publication_nom_at: string | null;
	publication_nom_source: string | null;
	/** Absent for readers without access to personal data. */
	publication_nom_par?: string | null;
	accompaniments: ActorAccompanimentDto[];
	contact_log: { id: number; date: string; type: string; who: string | null; note: string | null }[];
	contacts:
		| {
				id: number;
				nom: string;
				role: string | null;
				email: string | null;
				telephone: string | null;
				/** The consent recorded per channel (newsletter, events), absent when none was. */
				consents: Partial<Record<ConsentChannel, 'accorde' | 'retire'>>;
		  }[]
		| null;
};

/** What the edit form needs of the actor it edits. */
export type ActorEditableDto = Pick<
	ActorDetailsDto,
	| 'id'
	| 'version'
	| 'nom'
	| 'sigle'
	| 'siret'
	| 'rna'
	| 'categorie_juridique'
	| 'naf'
	| 'tranche_effectifs'
	| 'adresse'
	| 'code_postal'
	| 'commune_code'
	| 'tags'
	| 'notes'
>;

/** One row of the actor list and its exports (GET /api/actors): the actor, where it is, where it stands with the DLA. */
export type ActorListRow = Pick<
	ActorDetailsDto,
	| 'id'
	| 'kind'
	| 'nom'
	| 'sigle'
	| 'siret'
	| 'categorie_juridique'
	| 'famille_juridique'
	| 'naf'
	| 'secteur'
	| 'tranche_effectifs'
	| 'employeur'
	| 'adresse'
	| 'code_postal'
	| 'lon'
	| 'lat'
	| 'precision'
	| 'tags'
	| 'source'
> & {
	commune_code: string;
	commune: string;
	epci_code: string | null;
	zone_code: string | null;
	status: AccompanimentStatus;
	last_stage: string | null;
	last_accompaniment: string | null;
	last_contact: string | null;
};
