// Exports of the parcours: the board as CSV (UTF-8 with BOM, `;`, decimal comma: opens in Excel)
// or XLSX, without notes nor findings (exports leave the team); the follow-ups as a calendar feed.
import { createEvents, type EventAttributes } from 'ics';
import { addDays } from '../../domain/parcours/calendar';
import { STAGE_LABELS } from '../../domain/stages';
import { INGENIERIE_TYPE_LABELS } from '../../schemas/accompaniment';
import type { TodoKind } from '../../dto/parcours';
import type { CalendarFollowup, ParcoursExportRow } from '../queries/parcours';
import { csvTable, xlsxTable, type Column } from './spreadsheet';

const COLUMNS: Column<ParcoursExportRow>[] = [
	{ label: 'N° de parcours', value: (r) => r.id },
	{ label: 'Structure', width: 40, value: (r) => r.actor_nom },
	{ label: 'Identifiant Maillage de la structure', value: (r) => r.actor_id },
	{ label: 'Commune', width: 22, value: (r) => r.commune_nom },
	{ label: 'Code commune', value: (r) => r.commune_code },
	{ label: 'EPCI', width: 30, value: (r) => r.epci_nom },
	{ label: 'Zone', value: (r) => r.zone_nom },
	{ label: 'Secteur ESS', width: 24, value: (r) => r.secteur_label },
	{ label: 'Étape', width: 22, value: (r) => STAGE_LABELS[r.stage] },
	{ label: 'Depuis le', value: (r) => r.stage_date },
	{ label: 'Jours à l’étape', value: (r) => r.days_in_stage },
	{ label: 'En attente', value: (r) => (r.stalled ? 'oui' : 'non') },
	{ label: 'Suivi en retard', value: (r) => (r.followup_overdue ? 'oui' : 'non') },
	{ label: 'Chargé·e de mission', width: 22, value: (r) => r.owner_nom },
	{ label: 'Date d’accueil', value: (r) => r.date_accueil },
	{ label: 'Date du diagnostic', value: (r) => r.date_diagnostic },
	{ label: 'Date d’élaboration du parcours', value: (r) => r.date_plan },
	{ label: 'Date d’ingénierie', value: (r) => r.date_ingenierie },
	{ label: 'Fin de l’ingénierie', value: (r) => r.date_fin_ingenierie },
	{ label: 'Date de suivi', value: (r) => r.date_suivi },
	{ label: 'Date de fin', value: (r) => r.date_fin },
	{ label: 'Orientée vers', width: 24, value: (r) => r.oriente_vers },
	{ label: 'Type d’ingénierie', value: (r) => (r.ingenierie_type ? INGENIERIE_TYPE_LABELS[r.ingenierie_type] : null) },
	{ label: 'N° d’ingénierie collective', value: (r) => r.ingenierie_collective_id },
	{ label: 'Prestataire', width: 28, value: (r) => r.prestataire_nom },
	{ label: 'Thèmes', width: 40, value: (r) => r.themes.join(', ') },
	{ label: 'Budget (€)', value: (r) => r.budget_eur },
	{ label: 'Jours d’ingénierie', value: (r) => r.jours },
	{ label: 'Emplois en CDI', value: (r) => r.emplois_cdi },
	{ label: 'Emplois en CDD', value: (r) => r.emplois_cdd },
	{ label: 'Emplois consolidés', value: (r) => r.emplois_consolides },
	{ label: 'Prochain suivi', value: (r) => r.next_followup }
];

export function parcoursToCsv(rows: ParcoursExportRow[]): string {
	return csvTable(COLUMNS, rows);
}

export async function parcoursToXlsx(rows: ParcoursExportRow[], title: string): Promise<Buffer> {
	return xlsxTable(COLUMNS, rows, title);
}

export function followupTitle(kind: TodoKind | string): string {
	const months = /^consolidation_(\d+)$/.exec(kind)?.[1];
	return months ? `Point de consolidation à ${months} mois` : 'Suivi';
}

const day = (iso: string): [number, number, number] => {
	const [y, m, d] = iso.split('-').map(Number);
	return [y, m, d];
};

/** One all-day event per follow-up; its uid stays the same as long as the follow-up does. */
export function followupsToIcs(followups: CalendarFollowup[], options: { origin: string; owner: string }): string {
	const events: EventAttributes[] = followups.map((f) => ({
		uid: `maillage-parcours-${f.accompaniment_id}-${f.kind}-${f.due}@maillage`,
		title: `${followupTitle(f.kind)} : ${f.actor_nom}`,
		start: day(f.due),
		// DTEND of an all-day event is the next day (exclusive), per RFC 5545.
		end: day(addDays(f.due, 1)),
		description: [
			`${followupTitle(f.kind)} du parcours DLA n° ${f.accompaniment_id} (étape : ${STAGE_LABELS[f.stage]})`,
			f.commune_nom ? `Commune : ${f.commune_nom}` : null,
			`${options.origin}/parcours/${f.accompaniment_id}`
		]
			.filter((line): line is string => line !== null)
			.join('\n'),
		location: f.commune_nom ?? undefined,
		categories: ['DLA', 'Suivi'],
		busyStatus: 'FREE',
		transp: 'TRANSPARENT'
	}));
	const { error, value } = createEvents(events, { productId: 'maillage/parcours', calName: `Suivis DLA — ${options.owner}` });
	if (error || !value) throw error ?? new Error('agenda ICS impossible');
	return value;
}
