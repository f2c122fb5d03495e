// Settings of the parcours follow-up (data/parcours.json): the themes offered, how long a parcours
// may stay at one stage before it shows as stalled, the consolidation checkpoints. The DLA tunes
// them without touching code, so the file is validated and a bad edit names the faulty setting.
// The bundled copy is the default; the server reads the file at run time (server/reference.ts).
import { z } from 'zod';
import bundledConfig from '../../../../data/parcours.json';
import { ACTIVE_STAGES, type ActiveStage } from '../stages';

const days = (label: string) =>
	z
		.number({ error: `${label} : nombre de jours attendu` })
		.int(`${label} : nombre entier de jours attendu`)
		.min(1, `${label} : au moins 1 jour`)
		.max(3650, `${label} : 3650 jours au plus`);

export const parcoursConfigSchema = z.object({
	source: z.string().optional(),
	themes: z
		.array(z.string().trim().min(1, 'themes : thème vide').max(100, 'themes : 100 caractères au plus'))
		.min(1, 'themes : au moins un thème')
		.max(50, 'themes : 50 thèmes au plus'),
	stalled_days: z.object({
		note: z.string().optional(),
		...(Object.fromEntries(ACTIVE_STAGES.map((stage) => [stage, days(`stalled_days.${stage}`)])) as Record<
			ActiveStage,
			ReturnType<typeof days>
		>)
	}),
	consolidation_months: z
		.array(z.number().int('consolidation_months : nombres entiers de mois').min(1).max(120, 'consolidation_months : 120 mois au plus'))
		.max(12, 'consolidation_months : 12 points de suivi au plus')
		.refine(
			(list) => list.every((m, i) => i === 0 || m > list[i - 1]),
			'consolidation_months : mois croissants attendus (ex. [6, 12, 24])'
		),
	/** « À faire » lists the follow-ups due within this many days (overdue ones always). */
	todo_horizon_days: z.number().int().min(0).max(365).default(30),
	/** « À faire » lists the structures met (contact, visit) within this many days without a parcours. */
	met_not_opened_days: z.number().int().min(1).max(3650).default(180)
});
export type ParcoursConfig = z.output<typeof parcoursConfigSchema>;

export function parseParcoursConfig(raw: unknown): { ok: true; config: ParcoursConfig } | { ok: false; errors: string[] } {
	const parsed = parcoursConfigSchema.safeParse(raw);
	if (parsed.success) return { ok: true, config: parsed.data };
	return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join('.') || 'parcours.json'} : ${i.message}`) };
}

function bundled(): ParcoursConfig {
	const parsed = parseParcoursConfig(bundledConfig);
	if (!parsed.ok) throw new Error(`data/parcours.json invalide : ${parsed.errors.join(' ; ')}`);
	return parsed.config;
}

export const DEFAULT_PARCOURS_CONFIG: ParcoursConfig = bundled();
