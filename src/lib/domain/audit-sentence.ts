// The audit log read by a person: one French sentence per entry (« Marie D. a modifié l’adresse
// du Foyer rural de Château-Salins »), the kind of event it belongs to (for the journal's filter)
// and the sign-ins kept apart. The raw before/after stay in the log; this only words them.
import { deLieu, formatInteger, joinFrench, agree } from './format';
import { INDICATOR_BY_KEY, formatIndicator, isIndicatorKey } from './indicators/definitions';
import { ROLE_LABELS, type Role } from './roles';
import { STAGE_LABELS, type AccompanimentStage } from './stages';

/** One row of the audit log as the sentence needs it. */
export interface AuditRecord {
	action: string;
	entity: string;
	entityId: string | null;
	before: unknown;
	after: unknown;
}

/** Names looked up for an entry (null when unknown: a deleted object, the command line). */
export interface AuditNames {
	/** Who did it, as shown (see `shortPersonName`); null for the system (command line, scheduled purge). */
	who: string | null;
	/** The object's current name: the actor's nom, the account's name, the trip's name, the territory's nom… */
	subject: string | null;
	/** The actor an entry is about besides its subject (a trip's visit, an accompaniment). */
	actor?: string | null;
}

// ---------------------------------------------------------------- kinds of events

/** Actions of an account on its own sessions and password: a tab of their own, not the main list. */
export const SIGN_IN_ACTIONS = ['login', 'logout', 'logout_everywhere', 'password_change', 'password_reset'] as const;

export const AUDIT_CATEGORIES = ['acteurs', 'accompagnements', 'comptes', 'tournees', 'imports', 'partages', 'autres'] as const;
export type AuditCategory = (typeof AUDIT_CATEGORIES)[number];

export const AUDIT_CATEGORY_LABELS: Record<AuditCategory, string> = {
	acteurs: 'Modifications d’acteurs et de contacts',
	accompagnements: 'Accompagnements',
	comptes: 'Comptes et droits',
	tournees: 'Tournées',
	imports: 'Imports',
	partages: 'Partages de portraits',
	autres: 'Autres'
};

/** The audit `entity` values of each category (`autres`: every entity not listed here). */
export const AUDIT_CATEGORY_ENTITIES: Record<Exclude<AuditCategory, 'autres'>, readonly string[]> = {
	acteurs: ['actor', 'contact'],
	accompagnements: ['accompaniment'],
	comptes: ['app_user'],
	tournees: ['trip'],
	imports: ['import'],
	partages: ['portrait_share']
};

export const KNOWN_AUDIT_ENTITIES = Object.values(AUDIT_CATEGORY_ENTITIES).flat();

export function isSignIn(entry: Pick<AuditRecord, 'action' | 'entity'>): boolean {
	return entry.entity === 'app_user' && (SIGN_IN_ACTIONS as readonly string[]).includes(entry.action);
}

export function auditCategory(entry: Pick<AuditRecord, 'entity'>): AuditCategory {
	for (const [category, entities] of Object.entries(AUDIT_CATEGORY_ENTITIES)) {
		if (entities.includes(entry.entity)) return category as AuditCategory;
	}
	return 'autres';
}

// ---------------------------------------------------------------- names

/** « Marie Dupont » → « Marie D. », « Jean-Paul de La Tour » → « Jean-Paul T. »; an e-mail or a single word as is. */
export function shortPersonName(nom: string | null | undefined, email?: string | null): string | null {
	const words = (nom ?? '').trim().split(/\s+/).filter(Boolean);
	if (words.length === 0) return email ?? null;
	if (words.length === 1) return words[0];
	const last = words[words.length - 1];
	return `${words[0]} ${last.charAt(0).toLocaleUpperCase('fr-FR')}.`;
}

// ---------------------------------------------------------------- changed fields

/** Actor fields as a sentence names them (with their article). */
export const ACTOR_FIELD_PHRASES: Record<string, string> = {
	kind: 'le type d’acteur',
	nom: 'le nom',
	sigle: 'le sigle',
	siren: 'le SIREN',
	siret: 'le SIRET',
	rna: 'le numéro RNA',
	categorie_juridique: 'la catégorie juridique',
	famille_juridique: 'la famille juridique',
	naf: 'le code NAF',
	secteur: 'le secteur',
	tranche_effectifs: 'la tranche d’effectifs',
	employeur: 'le caractère employeur',
	ess: 'l’appartenance à l’ESS',
	date_creation: 'la date de création',
	adresse: 'l’adresse',
	code_postal: 'le code postal',
	commune_code: 'la commune',
	lon: 'la position sur la carte',
	lat: 'la position sur la carte',
	precision: 'la précision de la position',
	tags: 'les étiquettes',
	notes: 'les notes',
	source: 'la source',
	source_id: 'l’identifiant dans la source'
};

/** Trip settings as a sentence names them. */
export const TRIP_FIELD_PHRASES: Record<string, string> = {
	name: 'le nom',
	date_start: 'les dates',
	date_end: 'les dates',
	day_start: 'les horaires',
	day_end: 'les horaires',
	lunch_start: 'la pause du déjeuner',
	lunch_end: 'la pause du déjeuner',
	visit_min: 'la durée des visites',
	start_label: 'le point de départ',
	start_lon: 'le point de départ',
	start_lat: 'le point de départ',
	end_label: 'le point d’arrivée',
	end_lon: 'le point d’arrivée',
	end_lat: 'le point d’arrivée'
};

/** Fields derived from another one: not named when the one they follow changed too. */
const DERIVED_FROM: Record<string, string> = {
	siren: 'siret',
	famille_juridique: 'categorie_juridique',
	employeur: 'tranche_effectifs',
	secteur: 'naf'
};

function asRecord(value: unknown): Record<string, unknown> | null {
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function same(a: unknown, b: unknown): boolean {
	if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 1e-9;
	return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * The keys whose value differs between before and after, among those both sides carry (a side
 * may hold bookkeeping the other lacks: the row's id, a derived flag), in the order of `after`.
 */
export function changedKeys(before: unknown, after: unknown): string[] {
	const b = asRecord(before);
	const a = asRecord(after);
	if (!a || !b) return [];
	return Object.keys(a).filter((key) => key in b && a[key] !== undefined && !same(b[key], a[key]));
}

/**
 * What an edit's audit keeps: the fields that changed, with their value before and after, and
 * nothing else (a field the user left alone, a value the database derives again unchanged).
 */
export function onlyChanges(
	before: Record<string, unknown>,
	after: Record<string, unknown>
): { before: Record<string, unknown>; after: Record<string, unknown> } {
	const keys = changedKeys(before, after);
	const pick = (row: Record<string, unknown>) => Object.fromEntries(keys.map((key) => [key, row[key]]));
	return { before: pick(before), after: pick(after) };
}

/** « l’adresse », « le nom et le sigle », « l’adresse, la commune, le code postal et 2 autres champs ». */
export function changedFieldsPhrase(keys: readonly string[], phrases: Record<string, string>, most = 3): string {
	const changed = new Set(keys);
	const named = [
		...new Set(
			keys.filter((key) => !(DERIVED_FROM[key] && changed.has(DERIVED_FROM[key]))).map((key) => phrases[key] ?? `le champ « ${key} »`)
		)
	];
	if (named.length <= most) return joinFrench(named);
	const rest = named.length - (most - 1);
	return joinFrench([...named.slice(0, most - 1), `${formatInteger(rest)} autres champs`]);
}

// ---------------------------------------------------------------- sentences

const STOP_STATUS: Record<string, string> = { prevu: 'prévue', fait: 'faite', non_rencontre: 'sans rencontre' };

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value : null);

function roleLabel(role: unknown): string {
	return typeof role === 'string' && role in ROLE_LABELS ? ROLE_LABELS[role as Role].toLowerCase() : String(role);
}

/** « de la tournée « Nord » » / « d’Amnéville » with the subject, else « de l’acteur n° 12 ». */
function ofName(name: string | null, fallback: string): string {
	return name ? deLieu(name) : `de ${fallback}`;
}

/** The sentence of one entry of the audit log, in French, for an administrator. */
export function auditSentence(entry: AuditRecord, names: AuditNames): string {
	const before = asRecord(entry.before) ?? {};
	const after = asRecord(entry.after) ?? {};
	const who = names.who ?? 'Le système';
	const id = entry.entityId;
	switch (entry.entity) {
		case 'actor': {
			const nom = names.subject ?? text(after.nom) ?? text(before.nom);
			const of = ofName(nom, `l’acteur n° ${id}`);
			if (entry.action === 'update') {
				// A sector that follows the NAF code is not part of the edit: the saved one is the
				// database's (naf_sector), the audited one the schema's guess, and they may differ.
				const keys = changedKeys(entry.before, entry.after).filter((key) => key !== 'secteur' || after.secteur_source === 'explicite');
				return keys.length
					? `${who} a modifié ${changedFieldsPhrase(keys, ACTOR_FIELD_PHRASES)} ${of}`
					: `${who} a enregistré la fiche ${of} sans changement`;
			}
			if (entry.action === 'create') return `${who} a créé la fiche ${of}`;
			if (entry.action === 'delete') return `${who} a supprimé la fiche ${of}`;
			break;
		}
		case 'contact': {
			if (entry.action === 'erase') return `Un contact (n° ${id}) a été effacé à la demande de la personne (RGPD)`;
			if (entry.action === 'retention_purge') {
				const count = num(after.count) ?? 0;
				const months = num(after.months);
				return `Purge automatique : ${formatInteger(count)} ${agree(count, 'contact effacé', 'contacts effacés')}${months ? ` après ${formatInteger(months)} mois sans échange` : ''}`;
			}
			break;
		}
		case 'accompaniment': {
			const actor = names.actor ?? null;
			const of = actor ? deLieu(actor) : `de l’acteur n° ${text(after.actor_id) ?? num(after.actor_id) ?? '?'}`;
			if (entry.action === 'create') {
				const stage =
					typeof after.stage === 'string' && after.stage in STAGE_LABELS ? STAGE_LABELS[after.stage as AccompanimentStage] : null;
				return `${who} a ouvert l’accompagnement ${of}${after.trip_id ? ' après une visite de tournée' : ''}${stage ? ` (étape ${stage.toLowerCase()})` : ''}`;
			}
			if (entry.action === 'update') return `${who} a modifié l’accompagnement ${of}`;
			if (entry.action === 'delete') return `${who} a supprimé l’accompagnement ${of}`;
			break;
		}
		case 'app_user': {
			const account = names.subject ?? text(after.email) ?? text(before.email) ?? `n° ${id}`;
			switch (entry.action) {
				case 'login':
					return `Connexion de ${account}`;
				case 'logout':
					return `Déconnexion de ${account}`;
				case 'logout_everywhere':
					return `${account} a fermé toutes ses sessions`;
				case 'password_change':
					return `${account} a changé son mot de passe`;
				case 'password_reset':
					return `${account} a choisi un nouveau mot de passe par un lien de réinitialisation`;
				case 'reset_link':
					return `${who} a émis un lien de réinitialisation du mot de passe pour ${account}`;
				case 'create': {
					const role = after.role ? ` (${roleLabel(after.role)})` : '';
					return after.via === 'cli' || names.who === null
						? `Le compte de ${account}${role} a été créé en ligne de commande`
						: `${who} a créé le compte de ${account}${role}`;
				}
				case 'update': {
					const parts: string[] = [];
					if (!same(before.role, after.role))
						parts.push(`a changé le rôle de ${account} : ${roleLabel(before.role)} → ${roleLabel(after.role)}`);
					if (after.disabled === true && before.disabled !== true) parts.push(`a désactivé le compte de ${account}`);
					if (after.disabled === false && before.disabled === true) parts.push(`a réactivé le compte de ${account}`);
					return parts.length ? `${who} ${joinFrench(parts)}` : `${who} a enregistré le compte de ${account} sans changement`;
				}
			}
			break;
		}
		case 'trip': {
			const name = names.subject ?? text(after.name) ?? text(before.name);
			const trip = name ? `la tournée « ${name} »` : `la tournée n° ${id}`;
			switch (entry.action) {
				case 'create': {
					const stops = Array.isArray(after.actor_ids) ? after.actor_ids.length : 0;
					return `${who} a créé ${trip} (${formatInteger(stops)} ${agree(stops, 'étape', 'étapes')})`;
				}
				case 'update': {
					const keys = changedKeys(entry.before, entry.after);
					return keys.length
						? `${who} a modifié ${changedFieldsPhrase(keys, TRIP_FIELD_PHRASES)} de ${trip}`
						: `${who} a enregistré ${trip} sans changement`;
				}
				case 'delete':
					return `${who} a supprimé ${trip}`;
				case 'add_stops': {
					const n = Array.isArray(after.actor_ids) ? after.actor_ids.length : 0;
					return `${who} a ajouté ${formatInteger(n)} ${agree(n, 'étape', 'étapes')} à ${trip}`;
				}
				case 'remove_stop':
					return names.actor ? `${who} a retiré ${names.actor} de ${trip}` : `${who} a retiré une étape de ${trip}`;
				case 'reorder':
					return `${who} a réordonné les étapes de ${trip}`;
				case 'optimize': {
					const km = num(after.total_km);
					return `${who} a optimisé l’ordre de ${trip}${km !== null ? ` (${formatInteger(Math.round(km))} km)` : ''}`;
				}
				case 'update_stop':
					return `${who} a modifié la durée ou le créneau d’une étape de ${trip}`;
				case 'visit': {
					const status = typeof after.status === 'string' ? (STOP_STATUS[after.status] ?? after.status) : null;
					const visited = names.actor ? `la visite ${deLieu(names.actor)}` : 'une visite';
					return `${who} a noté ${visited}${status ? ` comme ${status}` : ''} dans ${trip}`;
				}
			}
			break;
		}
		case 'import': {
			if (entry.action === 'import') {
				const file = text(after.fichier);
				const counts = [
					[num(after.imported), 'créé', 'créés'],
					[num(after.updated), 'mis à jour', 'mis à jour'],
					[num(after.rejected), 'rejeté', 'rejetés']
				] as const;
				const figures = counts.filter(([n]) => n !== null && n > 0).map(([n, one, many]) => `${formatInteger(n!)} ${agree(n!, one, many)}`);
				return `${who} a importé ${file ? `« ${file} »` : 'un fichier'}${figures.length ? ` : ${joinFrench(figures)}` : ' : aucune ligne retenue'}`;
			}
			break;
		}
		case 'target': {
			const target = entry.action === 'delete' ? before : after;
			const key = text(target.indicator);
			const label = key && isIndicatorKey(key) ? INDICATOR_BY_KEY[key].label : (key ?? 'un indicateur');
			const value = (v: unknown) => (key && isIndicatorKey(key) ? formatIndicator(key, num(v)) : String(num(v)));
			const place = names.subject ? deLieu(names.subject) : `de ${text(target.code) ?? 'un territoire'}`;
			const year = num(target.year);
			const what = `l’objectif « ${label} »${year !== null ? ` ${year}` : ''} ${place}`;
			if (entry.action === 'import')
				return `${who} a enregistré la proposition d’objectifs par défaut (${formatInteger(num(after.objectifs) ?? 0)})`;
			if (entry.action === 'create') return `${who} a ajouté ${what} : ${value(after.value)}`;
			if (entry.action === 'update') return `${who} a modifié ${what} : ${value(before.value)} → ${value(after.value)}`;
			if (entry.action === 'delete') return `${who} a supprimé ${what}`;
			break;
		}
		case 'portrait_share': {
			const place = names.subject ? deLieu(names.subject) : `de ${text(after.code) ?? text(before.code) ?? 'un territoire'}`;
			const from = num(after.de);
			const to = num(after.a);
			const years = from !== null && to !== null ? ` (${from === to ? from : `${from}–${to}`})` : '';
			if (entry.action === 'create') return `${who} a créé un lien de partage du portrait ${place}${years}`;
			if (entry.action === 'revoke') return `${who} a révoqué un lien de partage du portrait ${place}`;
			break;
		}
	}
	return `${who} : ${entry.action} sur ${entry.entity}${id ? ` n° ${id}` : ''}`;
}
