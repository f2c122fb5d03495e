// The database, typed for Kysely. One interface per table; geometry columns are PostGIS
// `geometry(…, 4326)` and are only read through SQL functions (ST_AsGeoJSON…), never as raw values.
import type { ColumnType, Generated, Selectable } from 'kysely';

export type Geometry = ColumnType<unknown, string | null, string | null>;
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

import type { TerritoryLevel } from '../../domain/territory/levels';
import type { TripOvernight, TripStopStatus } from '../../schemas/trip';
import type { ActorKind, AccompanimentStage } from '../../domain/stages';
import type { LocationPrecision, SectorSource } from '../../schemas/actor';
import type { RelationSource, RelationType } from '../../schemas/relation';
import type { RencontreKind, RencontreStatus } from '../../schemas/rencontre';
export type { TerritoryLevel };

export interface EpciMember {
	code: string;
	nom: string;
	/** False for member communes outside the configured département. */
	in_departement: boolean;
}

export interface TerritoryDetails {
	/** EPCI: CA, CC, METRO, CU… */
	epci_type?: string;
	/** EPCI: the full member list, including communes outside the département. */
	members?: EpciMember[];
	/** EPCI: whether some members lie outside the département. */
	has_outside_members?: boolean;
	/** EPCI: population of the whole EPCI, all départements included. */
	population_totale?: number;
	/** Zone: EPCI codes assigned to it by the zone mapping. */
	epci_codes?: string[];
	/** Commune: delegated or former communes merged into it. */
	anciens_codes?: string[];
	chef_lieu?: string;
}

export interface TerritoryTable {
	level: TerritoryLevel;
	code: string;
	nom: string;
	population: number | null;
	area_km2: number | null;
	epci_code: string | null;
	arrondissement_code: string | null;
	zone_code: string | null;
	departement_code: string;
	codes_postaux: string[];
	details: ColumnType<TerritoryDetails, string, string>;
	geom: Geometry;
	label_point: Geometry;
	updated_at: Timestamp;
}

export interface TerritoryImportTable {
	id: Generated<number>;
	departement_code: string;
	started_at: Timestamp;
	finished_at: Timestamp | null;
	sources: ColumnType<unknown, string, string>;
	report: ColumnType<unknown, string, string>;
	changed: number;
}

export interface Database {
	territory: TerritoryTable;
	territory_import: TerritoryImportTable;
	naf_sector: NafSectorTable;
	actor: ActorTable;
	contact: ContactTable;
	accompaniment: AccompanimentTable;
	contact_log: ContactLogTable;
	import_run: ImportRunTable;
	import_rejection: ImportRejectionTable;
	app_user: AppUserTable;
	user_session: UserSessionTable;
	password_reset: PasswordResetTable;
	audit_log: AuditLogTable;
	portrait_share: PortraitShareTable;
	trip: TripTable;
	trip_stop: TripStopTable;
	data_version: DataVersionTable;
	login_attempt: LoginAttemptTable;
	app_state: AppStateTable;
	ingenierie_collective: IngenierieCollectiveTable;
	accompaniment_step: AccompanimentStepTable;
	calendar_token: CalendarTokenTable;
	target: TargetTable;
	testimonial_request: TestimonialRequestTable;
	testimonial: TestimonialTable;
	satisfaction_survey: SatisfactionSurveyTable;
	actor_relation: ActorRelationTable;
	actor_relation_all: ActorRelationAllView;
	initiative_participation: InitiativeParticipationTable;
	initiative_participation_actor: InitiativeParticipationActorTable;
	segment: SegmentTable;
	contact_consent: ContactConsentTable;
	unsubscription: UnsubscriptionTable;
	newsletter: NewsletterTable;
	newsletter_delivery: NewsletterDeliveryTable;
	rencontre: RencontreTable;
	rencontre_invite: RencontreInviteTable;
	rencontre_inscription_lien: RencontreInscriptionLienTable;
	rencontre_inscription: RencontreInscriptionTable;
}

// The enums of the columns are those of the domain and the schemas (one source each).
export type { ActorKind, AccompanimentStage, LocationPrecision, SectorSource };
/** A calendar date as ISO `YYYY-MM-DD` (both backends are set to return it as text). */
export type IsoDate = string;

export interface NafSectorTable {
	division: string;
	secteur: string;
}

export interface ActorTable {
	id: Generated<number>;
	kind: ActorKind;
	nom: string;
	sigle: string | null;
	siren: string | null;
	siret: string | null;
	rna: string | null;
	categorie_juridique: string | null;
	famille_juridique: string | null;
	naf: string | null;
	secteur: string | null;
	/** `explicite`: given by a file's column or an edit, kept over the NAF-derived one (0010). */
	secteur_source: ColumnType<SectorSource, SectorSource | undefined, SectorSource>;
	tranche_effectifs: string | null;
	employeur: boolean | null;
	ess: boolean | null;
	date_creation: IsoDate | null;
	adresse: string | null;
	code_postal: string | null;
	commune_level: ColumnType<'commune', never, never>;
	search_text: ColumnType<string, never, never>;
	commune_code: string;
	geom: Geometry;
	/** geom as geography, kept by the database and GiST-indexed for distance queries (0005). */
	geog: ColumnType<Geometry, never, never>;
	precision: LocationPrecision | null;
	tags: ColumnType<string[], string[] | undefined, string[]>;
	notes: string | null;
	source: string;
	source_id: string | null;
	version: Generated<number>;
	created_at: Timestamp;
	updated_at: Timestamp;
	/** The structure agreed to be named as accompanied: newsletter, public map (0021; one flag since 0024). */
	publication_nom: Generated<boolean>;
	/** When, from what, and by whom that agreement (or its withdrawal) was recorded (0024). */
	publication_nom_at: Timestamp | null;
	publication_nom_source: string | null;
	publication_nom_by: number | null;
}

export interface ContactTable {
	id: Generated<number>;
	actor_id: number;
	nom: string;
	role: string | null;
	email: string | null;
	telephone: string | null;
	base_legale: string;
	created_at: Timestamp;
	updated_at: Timestamp;
}

export interface AccompanimentTable {
	id: Generated<number>;
	actor_id: number;
	stage: AccompanimentStage;
	date_accueil: IsoDate | null;
	date_diagnostic: IsoDate | null;
	date_plan: IsoDate | null;
	date_ingenierie: IsoDate | null;
	date_suivi: IsoDate | null;
	date_fin: IsoDate | null;
	ingenierie_type: 'individuelle' | 'collective' | null;
	themes: ColumnType<string[], string[] | undefined, string[]>;
	prestataire_id: number | null;
	prestataire_nom: string | null;
	budget_eur: number | null;
	jours: number | null;
	emplois_cdi: number | null;
	emplois_cdd: number | null;
	emplois_consolides: number | null;
	next_followup: IsoDate | null;
	notes: string | null;
	source: string;
	source_id: string | null;
	version: Generated<number>;
	created_at: Timestamp;
	updated_at: Timestamp;
	/** The officer who follows the parcours (0013). */
	owner_id: number | null;
	/** What the diagnostic found, and the needs it named. */
	constats: string | null;
	besoins: string | null;
	/** The offer or partner an `oriente` parcours was referred to. */
	oriente_vers: string | null;
	date_fin_ingenierie: IsoDate | null;
	documents: ColumnType<ParcoursDocument[], string | undefined, string>;
	ingenierie_collective_id: number | null;
}

export interface ParcoursDocument {
	titre: string;
	url: string;
}

/** An ingénierie shared by several structures on one theme (each has its parcours, 0013). */
export interface IngenierieCollectiveTable {
	id: Generated<number>;
	titre: string;
	theme: string | null;
	prestataire_id: number | null;
	budget_eur: number | null;
	jours: number | null;
	date_debut: IsoDate;
	date_fin: IsoDate | null;
	version: Generated<number>;
	created_at: Timestamp;
	updated_at: Timestamp;
}

/** The journal of a parcours: one row per step recorded (move, end, follow-up at suivi). */
export interface AccompanimentStepTable {
	id: Generated<number>;
	accompaniment_id: number;
	stage: AccompanimentStage;
	date: IsoDate;
	note: string | null;
	user_id: number | null;
	created_at: Timestamp;
}

/** A user's calendar feed token: only its SHA-256 (hex) is stored. */
export interface CalendarTokenTable {
	id: Generated<number>;
	user_id: number;
	token_hash: string;
	created_at: Timestamp;
	revoked_at: Timestamp | null;
}

export interface ContactLogTable {
	id: Generated<number>;
	actor_id: number;
	date: IsoDate;
	type: 'visite' | 'appel' | 'courriel' | 'reunion' | 'evenement';
	who: string | null;
	note: string | null;
	source: string;
	source_id: string | null;
	created_at: Timestamp;
}

export interface ImportRunTable {
	id: Generated<number>;
	format: string;
	file_name: string;
	dry_run: boolean;
	started_at: Timestamp;
	finished_at: Timestamp | null;
	summary: ColumnType<unknown, string, string>;
	error: string | null;
}

export interface ImportRejectionTable {
	import_run_id: number;
	line: number;
	column_name: string | null;
	reason: string;
	raw: ColumnType<unknown, string | null, string | null>;
}

export interface AppUserTable {
	id: Generated<number>;
	email: string;
	nom: string;
	role: 'admin' | 'charge_mission' | 'lecteur';
	password_hash: string;
	must_change_password: Generated<boolean>;
	disabled: Generated<boolean>;
	created_at: Timestamp;
	updated_at: Timestamp;
}

export interface UserSessionTable {
	token_hash: string;
	user_id: number;
	created_at: Timestamp;
	expires_at: Timestamp;
	user_agent: string | null;
}

export interface PasswordResetTable {
	token_hash: string;
	user_id: number;
	expires_at: Timestamp;
	used_at: Timestamp | null;
}

export interface AuditLogTable {
	id: Generated<number>;
	at: Timestamp;
	user_id: number | null;
	user_email: string | null;
	action: string;
	entity: string;
	entity_id: string | null;
	before: ColumnType<unknown, string | null, string | null>;
	after: ColumnType<unknown, string | null, string | null>;
}

export interface PortraitShareTable {
	id: Generated<number>;
	/** SHA-256 (hex) of the link's token; the token itself is shown once and never stored. */
	token_hash: string;
	level: TerritoryLevel;
	code: string;
	period_from: number;
	period_to: number;
	created_by: number | null;
	created_at: Timestamp;
	expires_at: Timestamp | null;
	revoked_at: Timestamp | null;
}

export interface TripTable {
	id: Generated<number>;
	name: string;
	start_label: string;
	start_lon: number;
	start_lat: number;
	end_label: string | null;
	end_lon: number | null;
	end_lat: number | null;
	date_start: IsoDate;
	date_end: IsoDate;
	/** « HH:MM ». */
	day_start: string;
	day_end: string;
	/** The window in which the lunch break is taken. */
	lunch_start: string | null;
	lunch_end: string | null;
	/** Length of the lunch break, placed by the planner inside the window. */
	lunch_min: Generated<number>;
	visit_min: Generated<number>;
	/** Sleeping in the area on a trip of several days: no, at a place, or in the best town each night. */
	overnight: Generated<TripOvernight>;
	overnight_label: string | null;
	overnight_lon: number | null;
	overnight_lat: number | null;
	/** The last computed plan (domain/trips `TripPlan`, stop ids being trip_stop ids as text). */
	plan: ColumnType<unknown, string | null, string | null>;
	planned_at: Timestamp | null;
	created_by: number | null;
	version: Generated<number>;
	created_at: Timestamp;
	updated_at: Timestamp;
}

export type { TripStopStatus };

export interface TripStopTable {
	id: Generated<number>;
	trip_id: number;
	actor_id: number;
	position: number;
	day: number | null;
	/** Null: the trip's default visit length. */
	duration_min: number | null;
	window_start: string | null;
	window_end: string | null;
	status: Generated<TripStopStatus>;
	note: string | null;
	visited_at: Timestamp | null;
	contact_log_id: number | null;
	accompaniment_id: number | null;
	/** Visit reports recorded on this stop (0017): a report sends the count it read, 409 when it moved. */
	visit_version: Generated<number>;
	/** Idempotency key of the last report recorded: its replay is answered without writing again. */
	visit_key: string | null;
	created_at: Timestamp;
	updated_at: Timestamp;
}

/** The single row counting writes to the data behind every computed figure (see 0008_data_version). */
export interface DataVersionTable {
	singleton: ColumnType<boolean, never, never>;
	version: ColumnType<number, never, number>;
	changed_at: ColumnType<Date, never, Date | string>;
}

/** Login attempts in the current window, per key (`compte:<email>`, `adresse:<ip>`). */
export interface LoginAttemptTable {
	key: string;
	attempts: number;
	window_start: Timestamp;
}

/** What became of the demo territory (0010): loaded once on the first start, then only on request. */
export type DemoState = 'never' | 'loaded' | 'cleared' | 'declined';

export interface AppStateTable {
	singleton: ColumnType<boolean, never, never>;
	demo: DemoState;
	demo_changed_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
}

/** A target of the evaluation: the value aimed at for an indicator, a territory and a year (0015). */
export interface TargetTable {
	id: Generated<number>;
	level: TerritoryLevel;
	code: string;
	indicator: string;
	year: number;
	value: number;
	updated_by: number | null;
	updated_at: Generated<Timestamp>;
}

/** A link asking a structure for a testimonial (0022): only the token's SHA-256 is stored. */
export interface TestimonialRequestTable {
	id: Generated<number>;
	actor_id: number;
	token_hash: string;
	created_by: number | null;
	created_at: Generated<Date>;
	expires_at: Date;
	used_at: Date | null;
}

export type TestimonialStatus = 'soumis' | 'accepte' | 'refuse' | 'retire';

export interface TestimonialTable {
	id: Generated<number>;
	actor_id: number;
	request_id: number | null;
	texte: string;
	personne_nom: string;
	personne_role: string;
	/** JPEG, resized and stripped of metadata by the server. */
	photo: Buffer | null;
	photo_width: number | null;
	photo_height: number | null;
	consent_site: boolean;
	consent_newsletter: boolean;
	consent_portrait: boolean;
	show_structure: boolean;
	show_person: boolean;
	status: Generated<TestimonialStatus>;
	submitted_at: Generated<Date>;
	moderated_at: Date | null;
	moderated_by: number | null;
	version: Generated<number>;
}

/** A satisfaction questionnaire sent after an ingénierie (0018): only the token's SHA-256 is stored. */
export interface SatisfactionSurveyTable {
	id: Generated<number>;
	accompaniment_id: number;
	token_hash: string;
	created_by: number | null;
	created_at: Timestamp;
	expires_at: Timestamp;
	answered_at: Timestamp | null;
	note_diagnostic: number | null;
	note_prestataire: number | null;
	note_dla: number | null;
	effet_emplois: boolean | null;
	effet_finances: boolean | null;
	effet_gouvernance: boolean | null;
	commentaire: string | null;
}

/** Who works with whom (0020): `from_id` funds, accompanies, is member of… `to_id`. */
export interface ActorRelationTable {
	id: Generated<number>;
	from_id: number;
	to_id: number;
	type: RelationType;
	date_debut: IsoDate | null;
	date_fin: IsoDate | null;
	source: RelationSource;
	note: string | null;
	created_at: Generated<Date>;
	updated_at: Generated<Date>;
}

/** The stored relations and those derived from the parcours and the events (a view, 0025): derived rows have no id. */
export interface ActorRelationAllView extends Omit<Selectable<ActorRelationTable>, 'id' | 'created_at' | 'updated_at'> {
	id: number | null;
}

/** The DLA at a meeting of an initiative (0020). */
export interface InitiativeParticipationTable {
	id: Generated<number>;
	initiative_id: number;
	date: IsoDate;
	note: string | null;
	user_id: number | null;
	created_at: Generated<Date>;
}

export interface InitiativeParticipationActorTable {
	participation_id: number;
	actor_id: number;
}

// Promotion (0021): audiences, consent, newsletter and its sends.
export type ConsentChannel = 'newsletter' | 'evenements';

export interface SegmentTable {
	id: Generated<number>;
	nom: string;
	/** The explorer filter (schemas/actor-filter.ts), as parsed. */
	filter: ColumnType<unknown, string, string>;
	roles: ColumnType<string[], string[] | undefined, string[]>;
	channel: ConsentChannel | null;
	last_member_ids: number[] | null;
	last_opened_at: Timestamp | null;
	created_by: number | null;
	created_at: Timestamp;
	updated_at: Timestamp;
}

export interface ContactConsentTable {
	id: Generated<number>;
	contact_id: number;
	channel: ConsentChannel;
	status: 'accorde' | 'retire';
	base_legale: 'consentement' | 'interet_legitime';
	source: string;
	recorded_at: Timestamp;
}

export interface UnsubscriptionTable {
	email_hash: string;
	channel: ConsentChannel;
	at: Timestamp;
}

export interface NewsletterTable {
	id: Generated<number>;
	titre: string;
	blocks: ColumnType<unknown, string | undefined, string>;
	status: Generated<'brouillon' | 'envoi' | 'envoye'>;
	segment_id: number | null;
	web_key: string;
	/** The web version as sent (no recipient data). */
	html: string | null;
	/** The message as sent, with the unsubscribe link's placeholder. */
	mail_html: string | null;
	/** The blocks as resolved when sent: the web version is rendered from them at each read (0024). */
	resolved: ColumnType<unknown, string | null | undefined, string | null>;
	/** The sender holding the issue, and when it last said so: one sender at a time (0024). */
	sender_run: string | null;
	sender_seen_at: Timestamp | null;
	sent_at: Timestamp | null;
	created_by: number | null;
	created_at: Timestamp;
	updated_at: Timestamp;
}

/** An event of the DLA or of another actor (0019, issue 16). */
export interface RencontreTable {
	id: Generated<number>;
	titre: string;
	kind: RencontreKind;
	date: IsoDate;
	/** « HH:MM ». */
	heure_debut: string;
	heure_fin: string | null;
	lieu_actor_id: number | null;
	lieu_adresse: string | null;
	geom: Geometry;
	territoire_level: 'zone' | 'epci' | 'commune' | null;
	territoire_codes: ColumnType<string[], string[] | undefined, string[]>;
	themes: ColumnType<string[], string[] | undefined, string[]>;
	secteurs: ColumnType<string[], string[] | undefined, string[]>;
	organisateur_id: number | null;
	co_organisateurs: ColumnType<number[], number[] | undefined, number[]>;
	status: Generated<RencontreStatus>;
	notes: string | null;
	created_by: number | null;
	version: Generated<number>;
	created_at: Timestamp;
	updated_at: Timestamp;
}

export type DeliveryStatus = 'a_envoyer' | 'en_cours' | 'envoye' | 'echec' | 'rebond' | 'incertain' | 'desinscrit';

export interface NewsletterDeliveryTable {
	id: Generated<number>;
	newsletter_id: number;
	email: string;
	contact_id: number | null;
	status: Generated<DeliveryStatus>;
	error: string | null;
	unsubscribe_hash: string | null;
	claimed_at: Timestamp | null;
	done_at: Timestamp | null;
}

/** One line of an event's invitation list: a person (a contact, or a name) of an actor, or the actor alone. */
export interface RencontreInviteTable {
	id: Generated<number>;
	rencontre_id: number;
	actor_id: number;
	contact_id: number | null;
	personne: string | null;
	origine: Generated<'filtre' | 'manuel' | 'emargement' | 'inscription'>;
	inscrit: Generated<boolean>;
	present: Generated<boolean>;
	created_at: Generated<Timestamp>;
}

/** An event's online registration link: only the token's SHA-256 is kept. */
export interface RencontreInscriptionLienTable {
	id: Generated<number>;
	rencontre_id: number;
	token_hash: string;
	created_by: number | null;
	created_at: Generated<Timestamp>;
	revoked_at: Timestamp | null;
}

/** A registration typed on the public page; matched to an invited actor's contact by its address. */
export interface RencontreInscriptionTable {
	id: Generated<number>;
	rencontre_id: number;
	lien_id: number | null;
	nom: string;
	structure: string;
	email: string;
	consent_contact: boolean;
	actor_id: number | null;
	contact_id: number | null;
	invite_id: number | null;
	created_at: Generated<Timestamp>;
	updated_at: Generated<Timestamp>;
}
