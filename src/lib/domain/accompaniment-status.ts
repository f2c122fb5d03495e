// The DLA status of a structure, derived from its latest accompaniment. The same rule is written
// in SQL (server/queries/actor-list.ts, `statusSql`) for filtering; the tests check they agree.
import type { AccompanimentStage } from './stages';

export const ACCOMPANIMENT_STATUSES = ['jamais', 'en_cours', 'accompagne', 'ancien', 'interrompu'] as const;
export type AccompanimentStatus = (typeof ACCOMPANIMENT_STATUSES)[number];

export const STATUS_LABELS: Record<AccompanimentStatus, string> = {
	jamais: 'Jamais accompagnée',
	en_cours: 'Accompagnement en cours',
	accompagne: 'Accompagnée récemment',
	ancien: 'Accompagnée il y a longtemps',
	interrompu: 'Parcours interrompu ou orientée'
};

/** Years after which an accompaniment counts as old. */
export const RECENT_YEARS = 3;

export interface LatestAccompaniment {
	stage: AccompanimentStage;
	/** Date of the latest stage reached (or of the end). */
	lastDate: string | null;
}

export function accompanimentStatus(latest: LatestAccompaniment | null, today: Date, recentYears = RECENT_YEARS): AccompanimentStatus {
	if (!latest) return 'jamais';
	if (['accueil', 'diagnostic', 'plan', 'ingenierie'].includes(latest.stage)) return 'en_cours';
	if (latest.stage !== 'suivi') return 'interrompu';
	if (!latest.lastDate) return 'accompagne';
	const limit = new Date(today);
	limit.setFullYear(limit.getFullYear() - recentYears);
	return new Date(latest.lastDate) >= limit ? 'accompagne' : 'ancien';
}
