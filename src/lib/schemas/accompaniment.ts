// A DLA parcours (accompaniment) of one structure: its stage, the date each stage was reached,
// the ingénierie and its figures. Shared by the form, the API and the accompaniments import.
import { z } from 'zod';
import { ACTIVE_STAGES, STAGE_LABELS, STAGES, type AccompanimentStage } from '../domain/stages';
import { codeOrLabel, decimal, foldText, isoDate, optionalCodeOrLabel, optionalText, siret, textList } from './fields';

/** The usual themes of a parcours (domain.md §1); free themes are accepted too. */
export const ACCOMPANIMENT_THEMES = [
	'Projet & stratégie',
	'Modèle socio-économique & gestion financière',
	'Consolidation des emplois',
	'Gouvernance & organisation interne',
	'Développer ses partenariats',
	'Numérique',
	'Transition écologique'
] as const;

const THEME_BY_FOLDED = new Map(ACCOMPANIMENT_THEMES.map((theme) => [foldText(theme), theme]));

export const INGENIERIE_TYPES = ['individuelle', 'collective'] as const;
export const INGENIERIE_TYPE_LABELS: Record<(typeof INGENIERIE_TYPES)[number], string> = {
	individuelle: 'Ingénierie individuelle',
	collective: 'Ingénierie collective'
};

/** The date column of each active stage, in the order of the parcours. */
export const STAGE_DATE_FIELDS = {
	accueil: 'date_accueil',
	diagnostic: 'date_diagnostic',
	plan: 'date_plan',
	ingenierie: 'date_ingenierie',
	suivi: 'date_suivi'
} as const satisfies Record<(typeof ACTIVE_STAGES)[number], string>;

type StageDateField = (typeof STAGE_DATE_FIELDS)[keyof typeof STAGE_DATE_FIELDS];

/** Known themes take their canonical spelling (« numerique » → « Numérique »); others stay as typed. */
const themes = textList('thèmes', 20, 100).transform((list) => [...new Set(list.map((t) => THEME_BY_FOLDED.get(foldText(t)) ?? t))]);

const count = (label: string) => decimal(label, { min: 0, max: 100_000, integer: true });

export const accompanimentShape = {
	stage: codeOrLabel('étape', STAGES, STAGE_LABELS),
	date_accueil: isoDate('date d’accueil'),
	date_diagnostic: isoDate('date du diagnostic'),
	date_plan: isoDate('date d’élaboration du parcours'),
	date_ingenierie: isoDate('date d’ingénierie'),
	date_suivi: isoDate('date de suivi'),
	/** When an interrupted parcours ended (`oriente`, `abandon`, `non_eligible`). */
	date_fin: isoDate('date de fin'),
	ingenierie_type: optionalCodeOrLabel('type d’ingénierie', INGENIERIE_TYPES, INGENIERIE_TYPE_LABELS),
	themes,
	/** The consultancy's name as typed; the database phase links it to a partner actor when it knows it. */
	prestataire: optionalText(200, 'prestataire'),
	budget_eur: decimal('budget (€)', { min: 0, max: 10_000_000 }),
	jours: decimal('jours', { min: 0, max: 10_000 }),
	emplois_cdi: count('emplois en CDI'),
	emplois_cdd: count('emplois en CDD'),
	emplois_consolides: count('emplois consolidés'),
	next_followup: isoDate('prochain suivi'),
	notes: optionalText(5000, 'notes')
};

type AccompanimentFields = z.output<z.ZodObject<typeof accompanimentShape>>;

function stageLabel(stage: AccompanimentStage): string {
	return `« ${STAGE_LABELS[stage]} »`;
}

/** Stage dates must not go back in time as the parcours moves on. */
function checkChronology(a: AccompanimentFields, ctx: z.RefinementCtx): void {
	let previous: { field: StageDateField; date: string } | null = null;
	for (const stage of ACTIVE_STAGES) {
		const field = STAGE_DATE_FIELDS[stage];
		const date = a[field];
		if (!date) continue;
		if (previous && date < previous.date) {
			ctx.addIssue({
				code: 'custom',
				path: [field],
				message: `${field} (${date}) antérieure à ${previous.field} (${previous.date}) : les étapes se suivent dans le temps`
			});
		}
		previous = { field, date };
	}
	if (a.date_fin && previous && a.date_fin < previous.date) {
		ctx.addIssue({
			code: 'custom',
			path: ['date_fin'],
			message: `date_fin (${a.date_fin}) antérieure à ${previous.field} (${previous.date})`
		});
	}
	if (a.next_followup && a.date_accueil && a.next_followup < a.date_accueil) {
		ctx.addIssue({
			code: 'custom',
			path: ['next_followup'],
			message: `prochain suivi (${a.next_followup}) antérieur à l’accueil (${a.date_accueil})`
		});
	}
}

/**
 * A parcours at an active stage has reached it, so that stage has a date, and later stages have
 * none. An interrupted parcours needs a date to know when it stopped: its end date, or failing
 * that the date of the last stage reached.
 */
function checkStageDates(a: AccompanimentFields, ctx: z.RefinementCtx): void {
	const activeIndex = (ACTIVE_STAGES as readonly string[]).indexOf(a.stage);
	if (activeIndex >= 0) {
		const stage = ACTIVE_STAGES[activeIndex];
		const field = STAGE_DATE_FIELDS[stage];
		if (!a[field]) ctx.addIssue({ code: 'custom', path: [field], message: `étape ${stageLabel(stage)} sans date : renseigner ${field}` });
		for (const later of ACTIVE_STAGES.slice(activeIndex + 1)) {
			const laterField = STAGE_DATE_FIELDS[later];
			if (a[laterField]) {
				ctx.addIssue({
					code: 'custom',
					path: [laterField],
					message: `${laterField} renseignée alors que le parcours est à l’étape ${stageLabel(stage)} : corriger l’étape ou la date`
				});
			}
		}
		if (a.date_fin)
			ctx.addIssue({
				code: 'custom',
				path: ['date_fin'],
				message: `date_fin renseignée alors que le parcours est en cours (étape ${stageLabel(stage)})`
			});
		return;
	}
	const anyDate = a.date_fin ?? ACTIVE_STAGES.map((s) => a[STAGE_DATE_FIELDS[s]]).find((d) => d !== null);
	if (!anyDate) {
		ctx.addIssue({
			code: 'custom',
			path: ['date_fin'],
			message: `parcours ${stageLabel(a.stage)} sans aucune date : renseigner date_fin ou la date de la dernière étape atteinte`
		});
	}
}

/** Consolidated jobs are some of the jobs concerned. */
function checkJobs(a: AccompanimentFields, ctx: z.RefinementCtx): void {
	if (a.emplois_consolides === null || a.emplois_cdi === null || a.emplois_cdd === null) return;
	const concerned = a.emplois_cdi + a.emplois_cdd;
	if (a.emplois_consolides > concerned) {
		ctx.addIssue({
			code: 'custom',
			path: ['emplois_consolides'],
			message: `emplois consolidés (${a.emplois_consolides}) supérieurs aux emplois concernés (CDI + CDD = ${concerned})`
		});
	}
}

function checkParcours(a: AccompanimentFields, ctx: z.RefinementCtx): void {
	checkStageDates(a, ctx);
	checkChronology(a, ctx);
	checkJobs(a, ctx);
}

export const accompanimentSchema = z.object(accompanimentShape).superRefine(checkParcours);
export type AccompanimentInput = z.input<typeof accompanimentSchema>;
export type Accompaniment = z.output<typeof accompanimentSchema>;

/**
 * An accompaniment from a file: it names its structure by SIRET or by actor id, and may carry its
 * own identifier (`source_id`) so that importing the file again updates rather than duplicates.
 */
export const accompanimentImportSchema = z
	.object({
		...accompanimentShape,
		siret,
		actor_id: decimal('actor_id', { min: 1, integer: true }),
		source_id: optionalText(100, 'identifiant')
	})
	.superRefine((a, ctx) => {
		checkParcours(a, ctx);
		if (a.siret === null && a.actor_id === null) {
			ctx.addIssue({ code: 'custom', path: ['siret'], message: 'structure non identifiée : renseigner siret ou actor_id' });
		}
	});
export type AccompanimentImport = z.output<typeof accompanimentImportSchema>;
