// The DLA team's log: the exchanges of each parcours (call at the accueil, visit for the diagnostic,
// meetings, follow-up calls) on the dates of its stages, plus prospecting contacts with other
// structures, more of them where the DLA is active.
import type { Random } from '../random';
import { WeightedIndex } from '../random';
import { fictitiousName } from './people';
import { addMonths, FOLLOWUP_MONTHS } from './accompaniments';
import type { GeneratedStructure } from './structures';
import { DEMO_SOURCE, type DemoAccompaniment, type DemoContactLog, type DemoContactLogType } from './types';

const DAY_MS = 86_400_000;
const PROSPECTION_YEARS = 3;
const TEAM_SIZE = 3;

const PROSPECTION: readonly (readonly [readonly [DemoContactLogType, string], number])[] = [
	[['visite', 'Rencontre sur site, présentation du DLA'], 4],
	[['appel', 'Demande d’information sur le DLA'], 4],
	[['courriel', 'Envoi de la plaquette du DLA'], 3],
	[['evenement', 'Rencontre au forum des associations'], 2],
	[['evenement', 'Atelier collectif sur la fonction employeur'], 1]
];

export interface ContactLogContext {
	rng: Random;
	today: Date;
	structures: readonly GeneratedStructure[];
	inFocus: (s: GeneratedStructure) => boolean;
}

type Draft = Omit<DemoContactLog, 'source_id'>;

/** The exchanges of one parcours, each on the date of the stage it belongs to. */
function parcoursLogs(a: DemoAccompaniment, who: string, todayIso: string): Draft[] {
	const entry = (date: string | null, type: DemoContactLogType, note: string): Draft[] =>
		date && date <= todayIso ? [{ source: DEMO_SOURCE, actor_source_id: a.actor_source_id, date, type, who, note }] : [];
	return [
		...entry(a.date_accueil, 'appel', 'Premier contact : accueil et éligibilité'),
		...entry(a.date_diagnostic, 'visite', 'Entretiens du diagnostic partagé'),
		...entry(a.date_plan, 'reunion', 'Validation du plan d’accompagnement'),
		...entry(a.date_ingenierie, 'reunion', 'Lancement de l’ingénierie avec le prestataire'),
		...entry(a.date_suivi, 'visite', 'Bilan de l’ingénierie, début du suivi'),
		...FOLLOWUP_MONTHS.flatMap((m) => (a.date_suivi ? entry(addMonths(a.date_suivi, m), 'appel', `Suivi à ${m} mois`) : [])),
		...entry(a.date_fin, 'courriel', a.stage === 'oriente' ? 'Orientation vers une autre offre' : 'Clôture du parcours')
	];
}

export function generateContactLogs(
	ctx: ContactLogContext,
	accompaniments: readonly DemoAccompaniment[],
	prospection: number
): DemoContactLog[] {
	const { rng } = ctx;
	const todayIso = ctx.today.toISOString().slice(0, 10);
	// The DLA team: fictitious chargé·es de mission, each following their own parcours.
	const team = Array.from({ length: TEAM_SIZE }, () => {
		const { first, last } = fictitiousName(rng);
		return `${first} ${last} (DLA)`;
	});
	const drafts: Draft[] = accompaniments.flatMap((a) => parcoursLogs(a, rng.pick(team), todayIso));

	// Prospecting: employers and focus zones first, never before the structure existed.
	const targets = new WeightedIndex(ctx.structures.map((s) => (ctx.inFocus(s) ? 3 : 1) * (s.actor.employeur ? 2 : 1)));
	const from = ctx.today.getTime() - PROSPECTION_YEARS * 365 * DAY_MS;
	for (let i = 0; i < prospection; i++) {
		const structure = ctx.structures[targets.draw(rng)];
		const created = Date.parse(structure.actor.date_creation ?? '') || from;
		const [type, note] = rng.weighted(PROSPECTION);
		drafts.push({
			source: DEMO_SOURCE,
			actor_source_id: structure.actor.source_id,
			date: new Date(rng.between(Math.max(from, created), ctx.today.getTime())).toISOString().slice(0, 10),
			type,
			who: rng.pick(team),
			note
		});
	}
	// In date order, as the log reads; ties keep their generation order (stable sort).
	drafts.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
	return drafts.map((d, i) => ({ source_id: `demo-l-${String(i + 1).padStart(5, '0')}`, ...d }));
}
