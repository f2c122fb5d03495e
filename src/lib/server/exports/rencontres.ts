// Exports of an event: the invitation list for a mail merge (CSV/XLSX with the greeting fields),
// the invitation as ICS, and the sign-in sheet as CSV (the file typed back and imported after
// the event: its header is what importSignInSheet reads).
import { createEvent, type EventAttributes } from 'ics';
import { slugify } from '../../domain/slug';
import { sectorLabel } from '../../domain/sectors';
import { ACTOR_KIND_LABELS } from '../../domain/stages';
import { RENCONTRE_KIND_LABELS } from '../../schemas/rencontre';
import type { InviteRow, RencontreDetail } from '../queries/events';
import { csvRecords, csvTable, xlsxTable, type Column } from './spreadsheet';

/** « rencontre-12-rencontre-culture-moselle-est.csv ». */
export function rencontreFileName(r: Pick<RencontreDetail, 'id' | 'titre'>, suffix: string, extension: string): string {
	const slug = slugify(r.titre, 60);
	return `rencontre-${r.id}${slug ? `-${slug}` : ''}${suffix}.${extension}`;
}

/** Where the event takes place, as one line. */
export function placeOf(r: Pick<RencontreDetail, 'lieu_actor' | 'lieu_adresse'>): string {
	return [r.lieu_actor, r.lieu_adresse].filter(Boolean).join(', ');
}

const frenchDate = (iso: string) => iso.split('-').reverse().join('/');

/** The greeting of a letter: the person's name when known, else the usual formula. */
export function greeting(line: Pick<InviteRow, 'personne'>): string {
	return line.personne ? `Bonjour ${line.personne},` : 'Madame, Monsieur,';
}

function mergeColumns(r: RencontreDetail): Column<InviteRow>[] {
	return [
		{ label: 'Ligne', value: (l) => l.id, width: 8 },
		{ label: 'Formule d’appel', value: greeting, width: 28 },
		{ label: 'Personne', value: (l) => l.personne, width: 24 },
		{ label: 'Fonction', value: (l) => l.role, width: 18 },
		{ label: 'Courriel', value: (l) => l.email, width: 28 },
		{ label: 'Téléphone', value: (l) => l.telephone, width: 16 },
		{ label: 'Base légale', value: (l) => l.base_legale, width: 18 },
		{ label: 'Structure', value: (l) => l.actor, width: 36 },
		{ label: 'Type d’acteur', value: (l) => ACTOR_KIND_LABELS[l.actor_kind as keyof typeof ACTOR_KIND_LABELS] ?? l.actor_kind, width: 18 },
		{ label: 'Secteur', value: (l) => sectorLabel(l.secteur) ?? l.secteur, width: 24 },
		{ label: 'Adresse', value: (l) => l.adresse, width: 30 },
		{ label: 'Code postal', value: (l) => l.code_postal, width: 10 },
		{ label: 'Commune', value: (l) => l.commune, width: 20 },
		{ label: 'Rencontre', value: () => r.titre, width: 30 },
		{ label: 'Date', value: () => frenchDate(r.date), width: 12 },
		{ label: 'Heure', value: () => r.heure_debut, width: 8 },
		{ label: 'Lieu', value: () => placeOf(r), width: 30 },
		{ label: 'Identifiant Maillage', value: (l) => l.actor_id, width: 12 }
	];
}

export function rencontreInvitesCsv(r: RencontreDetail): string {
	return csvTable(mergeColumns(r), r.invites);
}

export function rencontreInvitesXlsx(r: RencontreDetail): Promise<Buffer> {
	return xlsxTable(mergeColumns(r), r.invites, 'Invitations');
}

/** The sign-in sheet as a table to fill in: « Inscrit » and « Présent » with oui/non (or a cross). */
export function signInSheetCsv(r: RencontreDetail): string {
	return csvRecords(
		['Ligne', 'Identifiant Maillage', 'Structure', 'Personne', 'Inscrit', 'Présent'],
		r.invites.map((l) => [l.id, l.actor_id, l.actor, l.personne, l.inscrit ? 'oui' : '', l.present ? 'oui' : ''])
	);
}

const parts = (date: string, clock: string): [number, number, number, number, number] => {
	const [y, m, d] = date.split('-').map(Number);
	const [h, min] = clock.split(':').map(Number);
	return [y, m, d, h, min];
};

/** The invitation as one calendar event, in local (floating) time like the trips' exports. */
export function rencontreIcs(r: RencontreDetail, origin: string): string {
	const event: EventAttributes = {
		uid: `maillage-rencontre-${r.id}@maillage`,
		title: r.titre,
		start: parts(r.date, r.heure_debut),
		end: parts(
			r.date,
			r.heure_fin ?? `${String(Math.min(23, Number(r.heure_debut.slice(0, 2)) + 2)).padStart(2, '0')}:${r.heure_debut.slice(3)}`
		),
		startInputType: 'local',
		startOutputType: 'local',
		endInputType: 'local',
		endOutputType: 'local',
		location: placeOf(r) || undefined,
		description: [
			RENCONTRE_KIND_LABELS[r.kind],
			r.organisateur ? `Organisé par ${[r.organisateur, ...r.co_organisateurs.map((c) => c.nom)].join(', ')}` : null,
			r.themes.length ? `Thèmes : ${r.themes.join(', ')}` : null,
			`${origin}/rencontres/${r.id}`
		]
			.filter(Boolean)
			.join('\n'),
		categories: ['DLA', 'Rencontre'],
		status: r.status === 'annule' ? 'CANCELLED' : r.status === 'projet' ? 'TENTATIVE' : 'CONFIRMED',
		busyStatus: 'BUSY'
	};
	if (r.lon !== null && r.lat !== null) event.geo = { lat: r.lat, lon: r.lon };
	const { error, value } = createEvent(event);
	if (error || !value) throw error ?? new Error('export ICS impossible');
	return value;
}
