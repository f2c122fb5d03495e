// The annual activity report (issue 15): the year's figures gathered from the existing queries —
// indicators per département, zone and EPCI and per sector (queries/indicators.ts), targets and
// their progress (queries/targets.ts), the questionnaire's results (queries/satisfaction.ts) — plus
// the ingénieries of the year by theme and by prestataire, counted by the indicators' own rule
// (a structure once, in the year its ingénierie started; a collective's budget and days shared).
import { sql, type Kysely } from 'kysely';
import { reportParagraphs, type ReportFigures } from '../../domain/indicators/report-text';
import type { SatisfactionYear } from '../../domain/satisfaction/aggregate';
import { activeSectorTable, sectorLabels } from '../../domain/sectors';
import { hasDemo } from '../demo/load';
import type { Database } from '../db/schema';
import { zonePriorities } from '../territories/import';
import { accompanimentNamedStepDays, dayInYears } from './accompanied';
import { essStructures, indicatorRows, type IndicatorRow } from './indicators';
import { satisfactionByYear } from './satisfaction';
import { listTargets, targetsWithProgress, type TargetWithProgress } from './targets';

export interface IngenierieGroup {
	nom: string;
	structures: number;
	budget_eur: number;
	jours: number;
}

export interface AnnualReport {
	year: number;
	today: string;
	demo: boolean;
	priorities: { nom: string; zones: string[] };
	departement: IndicatorRow;
	zones: IndicatorRow[];
	epci: IndicatorRow[];
	sectors: (IndicatorRow & { secteur: string; secteur_label: string })[];
	themes: IngenierieGroup[];
	prestataires: IngenierieGroup[];
	targets: TargetWithProgress[];
	satisfaction: SatisfactionYear | null;
	paragraphs: string[];
}

/** The ingénieries started in `year` by theme (a structure in each of its themes) or by prestataire. */
async function ingenieriesBy(
	db: Kysely<Database>,
	departement: string,
	year: number,
	by: 'theme' | 'prestataire'
): Promise<IngenierieGroup[]> {
	const key =
		by === 'theme'
			? sql`unnest(CASE WHEN cardinality(ac.themes) > 0 THEN ac.themes ELSE ARRAY[coalesce(ic.theme, 'sans thème')] END)`
			: sql`coalesce(p.nom, ac.prestataire_nom, 'non renseigné')`;
	const { rows } = await sql<IngenierieGroup>`
		WITH ess AS (${essStructures('departement', departement, [])}),
		members AS (
			SELECT ingenierie_collective_id AS id, count(*) AS n FROM accompaniment
			WHERE ingenierie_collective_id IS NOT NULL GROUP BY 1
		),
		started AS (
			SELECT ${key} AS nom, e.id AS actor_id,
				coalesce(ac.budget_eur, ic.budget_eur / m.n) AS budget_eur, coalesce(ac.jours, ic.jours / m.n) AS jours
			FROM ess e
			JOIN accompaniment ac ON ac.actor_id = e.id
			LEFT JOIN ingenierie_collective ic ON ic.id = ac.ingenierie_collective_id
			LEFT JOIN members m ON m.id = ac.ingenierie_collective_id
			LEFT JOIN actor p ON p.id = coalesce(ac.prestataire_id, ic.prestataire_id)
			CROSS JOIN LATERAL ${accompanimentNamedStepDays('ac')}
			WHERE d.step = 'ingenierie' AND ${dayInYears(year, year)}
		)
		SELECT nom, count(DISTINCT actor_id)::int AS structures,
			round(coalesce(sum(budget_eur), 0)::numeric, 2)::float8 AS budget_eur,
			round(coalesce(sum(jours), 0)::numeric, 2)::float8 AS jours
		FROM started GROUP BY nom ORDER BY structures DESC, nom`.execute(db);
	return rows;
}

/** Everything the report says about `year`, and its text. */
export async function annualReport(
	db: Kysely<Database>,
	options: { departement: string; dataDir: string; year: number; today: string }
): Promise<AnnualReport> {
	const { departement, dataDir, year, today } = options;
	const period = { de: year, a: year, secteur: [] };
	const labels = sectorLabels(activeSectorTable());
	const [dep, zones, epci, themes, prestataires, targetSet, satisfaction, demo, priorities] = await Promise.all([
		indicatorRows(db, { ...period, level: 'departement' }, departement),
		indicatorRows(db, { ...period, level: 'zone' }, departement),
		indicatorRows(db, { ...period, level: 'epci' }, departement),
		ingenieriesBy(db, departement, year, 'theme'),
		ingenieriesBy(db, departement, year, 'prestataire'),
		listTargets(db, dataDir),
		satisfactionByYear(db, year, year),
		hasDemo(db),
		zonePriorities(dataDir, departement)
	]);
	const sectors = [];
	for (const [secteur, label] of Object.entries(labels)) {
		const [row] = await indicatorRows(db, { ...period, level: 'departement', secteur: [secteur] }, departement);
		if (row) sectors.push({ ...row, secteur, secteur_label: label });
	}
	const targets = await targetsWithProgress(
		db,
		targetSet.targets.filter((t) => t.year === year),
		departement,
		today
	);
	const figures: ReportFigures = {
		year,
		departement: dep[0],
		zones,
		priorities: priorities ?? { nom: '', zones: [] },
		targets: targets.map((t) => ({ nom: t.nom, indicator: t.indicator, status: t.progress?.status ?? null })),
		satisfaction: satisfaction[0] ?? null,
		demo,
		today
	};
	return {
		year,
		today,
		demo,
		priorities: figures.priorities as { nom: string; zones: string[] },
		departement: dep[0],
		zones,
		epci,
		sectors,
		themes,
		prestataires,
		targets,
		satisfaction: figures.satisfaction,
		paragraphs: reportParagraphs(figures)
	};
}
