// The parcours as the API hands them over (board, detail, « À faire », funnel). Shared by the
// endpoints and the pages; extended only by adding optional fields.
import type { AccompanimentStage, ActiveStage } from '../domain/stages';
import type { Accompaniment } from '../schemas/accompaniment';
import type { ParcoursEditable } from '../schemas/parcours';

/** The dates of a parcours' stages, as the accompaniment schema has them. */
export type ParcoursDates = Pick<
	Accompaniment,
	'date_accueil' | 'date_diagnostic' | 'date_plan' | 'date_ingenierie' | 'date_suivi' | 'date_fin'
> & { oriente_vers: string | null };

/** Its dates, its ingénierie and the jobs it concerns: what the board's exports show of it. */
export type ParcoursFigures = ParcoursDates &
	Pick<ParcoursEditable, 'date_fin_ingenierie' | 'themes' | 'budget_eur' | 'jours' | 'emplois_cdi' | 'emplois_cdd' | 'emplois_consolides'>;

export interface ParcoursCard {
	id: number;
	version: number;
	actor_id: number;
	actor_nom: string;
	commune_code: string | null;
	commune_nom: string | null;
	epci_code: string | null;
	epci_nom: string | null;
	zone_code: string | null;
	zone_nom: string | null;
	secteur: string | null;
	secteur_label: string | null;
	stage: AccompanimentStage;
	/** Date the current stage was reached. */
	stage_date: string;
	days_in_stage: number;
	next_followup: string | null;
	owner_id: number | null;
	owner_nom: string | null;
	prestataire_id: number | null;
	prestataire_nom: string | null;
	ingenierie_type: 'individuelle' | 'collective' | null;
	ingenierie_collective_id: number | null;
	stalled: boolean;
	followup_overdue: boolean;
	ended: boolean;
}

export interface ParcoursStep {
	id: number;
	stage: AccompanimentStage;
	date: string;
	note: string | null;
	user_nom: string | null;
	created_at: string;
}

export interface ParcoursDetail
	extends ParcoursCard, ParcoursFigures, Pick<ParcoursEditable, 'constats' | 'besoins' | 'documents' | 'notes'> {
	steps: ParcoursStep[];
	/** The title of its ingénierie collective, when it is in one. */
	ingenierie_collective_titre?: string | null;
}

export type TodoKind = 'suivi' | 'consolidation_6' | 'consolidation_12' | 'consolidation_24';

export interface TodoFollowup {
	accompaniment_id: number;
	actor_id: number;
	actor_nom: string;
	commune_nom: string | null;
	epci_code: string | null;
	kind: TodoKind;
	due: string;
	overdue: boolean;
	owner_id: number | null;
}

/** A structure with a follow-up « à faire », on the explorer's layer of due follow-ups. */
export interface DueFollowupPoint {
	accompaniment_id: number;
	actor_id: number;
	actor_nom: string;
	commune_nom: string;
	epci_code: string | null;
	stage: AccompanimentStage;
	lon: number;
	lat: number;
	/** Its earliest pending follow-up. */
	due: string;
	overdue: boolean;
}

export interface TodoStalled {
	accompaniment_id: number;
	actor_id: number;
	actor_nom: string;
	commune_nom: string | null;
	stage: AccompanimentStage;
	days_in_stage: number;
	limit_days: number;
	owner_id: number | null;
}

export interface TodoMetNotOpened {
	actor_id: number;
	actor_nom: string;
	commune_nom: string | null;
	last_contact: string;
	via: 'contact' | 'visite';
}

export interface ParcoursTodo {
	today: string;
	followups: TodoFollowup[];
	stalled: TodoStalled[];
	met_not_opened: TodoMetNotOpened[];
}

export interface FunnelRow {
	code: string;
	nom: string;
	reached: Record<ActiveStage, number>;
	/** Share of the previous stage that reached this one. */
	conversion: Partial<Record<ActiveStage, number | null>>;
	/** Median days from previous stage to this one. */
	median_days: Partial<Record<ActiveStage, number | null>>;
	ended: { oriente: number; abandon: number; non_eligible: number };
	ended_share: { oriente: number | null; abandon: number | null; non_eligible: number | null };
}

export interface Funnel {
	level: 'zone' | 'epci' | 'secteur';
	de: string;
	a: string;
	rows: FunnelRow[];
	departement: FunnelRow;
}

/** An ingénierie collective with its beneficiaries (GET /api/ingenieries-collectives). */
export interface CollectiveSummary {
	id: number;
	titre: string;
	theme: string | null;
	prestataire_id: number | null;
	prestataire_nom: string | null;
	budget_eur: number | null;
	jours: number | null;
	date_debut: string;
	date_fin: string | null;
	membres: {
		accompaniment_id: number;
		actor_id: number;
		actor_nom: string;
		commune_nom: string | null;
		stage: AccompanimentStage;
	}[];
}
