// The satisfaction questionnaire's results (issue 15), aggregated for /bilan and the annual report:
// per year (of the answer), the mean of each note, the share of answers that saw each effect, and
// the same per prestataire and per theme. A prestataire with fewer than MIN_NAMED answers in the
// year is not shown by name: its answers are pooled in « autres prestataires », so that a small
// consultancy's clients cannot be told apart.

export const EFFECTS = [
	{ key: 'emplois', label: 'Emplois' },
	{ key: 'finances', label: 'Finances' },
	{ key: 'gouvernance', label: 'Gouvernance' }
] as const;
export type EffectKey = (typeof EFFECTS)[number]['key'];

export const NOTES = [
	{ key: 'note_diagnostic', label: 'Diagnostic' },
	{ key: 'note_prestataire', label: 'Prestataire' },
	{ key: 'note_dla', label: 'DLA' }
] as const;
export type NoteKey = (typeof NOTES)[number]['key'];

/** Fewer answers than this and a prestataire is pooled with the others. */
export const MIN_NAMED = 3;
export const OTHER_PRESTATAIRES = 'autres prestataires';
export const NO_THEME = 'sans thème';

export interface SurveyAnswer {
	year: number;
	prestataire: string | null;
	themes: readonly string[];
	note_diagnostic: number;
	note_prestataire: number;
	note_dla: number;
	effets: readonly EffectKey[];
}

export interface SatisfactionGroup {
	/** The year, a prestataire's name (or « autres prestataires »), a theme (or « sans thème »). */
	nom: string;
	reponses: number;
	/** Mean of each note, to the hundredth. */
	moyennes: Record<NoteKey, number>;
	/** Answers that saw each effect. */
	effets: Record<EffectKey, number>;
}

export interface SatisfactionYear extends SatisfactionGroup {
	year: number;
	prestataires: SatisfactionGroup[];
	themes: SatisfactionGroup[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function group(nom: string, answers: readonly SurveyAnswer[]): SatisfactionGroup {
	const mean = (key: NoteKey) => round2(answers.reduce((s, a) => s + a[key], 0) / answers.length);
	return {
		nom,
		reponses: answers.length,
		moyennes: Object.fromEntries(NOTES.map((n) => [n.key, mean(n.key)])) as Record<NoteKey, number>,
		effets: Object.fromEntries(EFFECTS.map((e) => [e.key, answers.filter((a) => a.effets.includes(e.key)).length])) as Record<
			EffectKey,
			number
		>
	};
}

function groupBy(answers: readonly SurveyAnswer[], keys: (a: SurveyAnswer) => readonly string[]): Map<string, SurveyAnswer[]> {
	const groups = new Map<string, SurveyAnswer[]>();
	for (const a of answers) for (const k of keys(a)) groups.set(k, [...(groups.get(k) ?? []), a]);
	return groups;
}

const byName = (a: SatisfactionGroup, b: SatisfactionGroup) => a.nom.localeCompare(b.nom, 'fr');

/**
 * One entry per year that has answers, oldest first. Prestataires with at least MIN_NAMED answers
 * by name (an answer without prestataire counts with the others), then « autres prestataires »
 * when any; themes by name, an answer counting in each of its themes.
 */
export function aggregateSatisfaction(answers: readonly SurveyAnswer[]): SatisfactionYear[] {
	const years = groupBy(answers, (a) => [String(a.year)]);
	return [...years.entries()]
		.sort(([a], [b]) => Number(a) - Number(b))
		.map(([year, list]) => {
			const named: SatisfactionGroup[] = [];
			const pooled: SurveyAnswer[] = [];
			for (const [nom, own] of groupBy(list, (a) => [a.prestataire ?? ''])) {
				if (nom && own.length >= MIN_NAMED) named.push(group(nom, own));
				else pooled.push(...own);
			}
			const prestataires = named.sort(byName);
			if (pooled.length) prestataires.push(group(OTHER_PRESTATAIRES, pooled));
			const themes = [...groupBy(list, (a) => (a.themes.length ? [...new Set(a.themes)] : [NO_THEME])).entries()]
				.map(([nom, own]) => group(nom, own))
				.sort(byName);
			return { ...group(year, list), year: Number(year), prestataires, themes };
		});
}
