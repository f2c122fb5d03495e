// The funnel of the parcours over a period, per territory or sector: how many structures reached
// each stage, the share of the previous stage that went on, the median time between stages and how
// parcours ended. The unit is the structure (the actor), never the parcours: a structure with two
// parcours, or several in the same ingénierie collective, counts once.
//
// Definitions, for a period [de, a] (ISO days, inclusive):
// - reached[s]: structures with a parcours whose date of stage s lies in the period (the « steps
//   reached in the period » of server/queries/accompanied.ts, with days instead of whole years);
// - conversion[s] (s after accueil): of the structures that reached the previous stage in the
//   period, the share whose same parcours reached s by the end of the period; null when none
//   reached the previous stage;
// - median_days[s]: median, over structures, of the days from the previous stage to s within one
//   parcours (the previous stage that parcours went through: a skipped plan leaves diagnostic →
//   ingénierie), for the structures that reached s in the period (the structure's latest parcours
//   that did);
// - ended[e]: structures with a parcours that ended as e (`date_fin`, or failing that its latest
//   stage date) in the period; ended_share[e]: that count over the structures active in the period
//   (a stage reached or an end in it); null when there are none.
import { ACTIVE_STAGES, END_STAGES, type AccompanimentStage, type ActiveStage, type EndStage } from '../stages';
import { daysBetween } from './calendar';
import { STAGE_DATE_COLUMN, stageDate, type ParcoursState } from './transitions';

export interface FunnelParcours extends Omit<ParcoursState, 'ingenierie_type'> {
	actor_id: number;
	/** The group (zone, EPCI or sector code) of the structure; null: counted in the département only. */
	group: string | null;
}

export interface FunnelRowOut {
	code: string;
	nom: string;
	reached: Record<ActiveStage, number>;
	conversion: Partial<Record<ActiveStage, number | null>>;
	median_days: Partial<Record<ActiveStage, number | null>>;
	ended: Record<EndStage, number>;
	ended_share: Record<EndStage, number | null>;
}

export function median(values: number[]): number | null {
	if (!values.length) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const inPeriod = (day: string | null, de: string, a: string): day is string => day !== null && day >= de && day <= a;

function endOf(p: FunnelParcours): { stage: EndStage; date: string } | null {
	if (!(END_STAGES as readonly AccompanimentStage[]).includes(p.stage)) return null;
	const date = stageDate({ ...p, ingenierie_type: null });
	return date ? { stage: p.stage as EndStage, date } : null;
}

/** The date of the latest stage before the `index`-th that the parcours went through. */
function previousDate(p: FunnelParcours, index: number): string | null {
	for (let i = index - 1; i >= 0; i--) {
		const date = p[STAGE_DATE_COLUMN[ACTIVE_STAGES[i]]];
		if (date) return date;
	}
	return null;
}

/** One row from the parcours of the structures of one group. */
export function funnelRow(code: string, nom: string, parcours: FunnelParcours[], de: string, a: string): FunnelRowOut {
	const byActor = new Map<number, FunnelParcours[]>();
	for (const p of parcours) {
		const list = byActor.get(p.actor_id);
		if (list) list.push(p);
		else byActor.set(p.actor_id, [p]);
	}
	const reached = Object.fromEntries(ACTIVE_STAGES.map((s) => [s, 0])) as Record<ActiveStage, number>;
	const cohort = Object.fromEntries(ACTIVE_STAGES.map((s) => [s, 0])) as Record<ActiveStage, number>;
	const converted = Object.fromEntries(ACTIVE_STAGES.map((s) => [s, 0])) as Record<ActiveStage, number>;
	const durations = Object.fromEntries(ACTIVE_STAGES.map((s) => [s, [] as number[]])) as Record<ActiveStage, number[]>;
	const ended = { oriente: 0, abandon: 0, non_eligible: 0 } as Record<EndStage, number>;
	let active = 0;
	for (const list of byActor.values()) {
		let counted = false;
		for (const [i, stage] of ACTIVE_STAGES.entries()) {
			const column = STAGE_DATE_COLUMN[stage];
			if (list.some((p) => inPeriod(p[column], de, a))) {
				reached[stage]++;
				counted = true;
			}
			if (i === 0) continue;
			const previous = STAGE_DATE_COLUMN[ACTIVE_STAGES[i - 1]];
			const starters = list.filter((p) => inPeriod(p[previous], de, a));
			if (starters.length) {
				cohort[stage]++;
				if (starters.some((p) => p[column] !== null && p[column]! <= a)) converted[stage]++;
			}
			const timed = list.filter((p) => inPeriod(p[column], de, a)).sort((x, y) => y[column]!.localeCompare(x[column]!));
			const before = timed.length ? previousDate(timed[0], i) : null;
			if (before) durations[stage].push(daysBetween(before, timed[0][column]!));
		}
		const ends = new Set<EndStage>();
		for (const p of list) {
			const end = endOf(p);
			if (end && inPeriod(end.date, de, a)) ends.add(end.stage);
		}
		for (const e of ends) ended[e]++;
		if (counted || ends.size) active++;
	}
	const conversion: Partial<Record<ActiveStage, number | null>> = {};
	const medianDays: Partial<Record<ActiveStage, number | null>> = {};
	for (const stage of ACTIVE_STAGES.slice(1)) {
		conversion[stage] = cohort[stage] ? converted[stage] / cohort[stage] : null;
		medianDays[stage] = median(durations[stage]);
	}
	const share = (n: number) => (active ? n / active : null);
	return {
		code,
		nom,
		reached,
		conversion,
		median_days: medianDays,
		ended,
		ended_share: { oriente: share(ended.oriente), abandon: share(ended.abandon), non_eligible: share(ended.non_eligible) }
	};
}

/**
 * The rows of every group (in the order given, zeros included, so that a territory without any
 * parcours shows as such) and the département row over all parcours.
 */
export function assembleFunnel(
	groups: { code: string; nom: string }[],
	departement: { code: string; nom: string },
	parcours: FunnelParcours[],
	de: string,
	a: string
): { rows: FunnelRowOut[]; departement: FunnelRowOut } {
	const byGroup = new Map<string, FunnelParcours[]>();
	for (const p of parcours) {
		if (p.group === null) continue;
		const list = byGroup.get(p.group);
		if (list) list.push(p);
		else byGroup.set(p.group, [p]);
	}
	return {
		rows: groups.map((g) => funnelRow(g.code, g.nom, byGroup.get(g.code) ?? [], de, a)),
		departement: funnelRow(departement.code, departement.nom, parcours, de, a)
	};
}
