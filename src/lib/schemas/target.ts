// A target of the evaluation as the /bilan/objectifs form and data/objectifs.json give it: a
// territory (level and code), an indicator, a year and the value aimed at, in the indicator's own
// unit (a rate as a share of 1; the form writes it in percent).
import { z } from 'zod';
import { INDICATOR_KEYS } from '../domain/indicators/definitions';
import { TERRITORY_LEVELS } from '../domain/territory/levels';

const value = z.coerce.number({ error: 'nombre attendu' }).finite('nombre attendu').min(0, 'valeur positive ou nulle attendue');

export const targetKeySchema = z.object({
	level: z.enum(TERRITORY_LEVELS, { error: `niveau inconnu : attendu ${TERRITORY_LEVELS.join(', ')}` }),
	code: z
		.string()
		.trim()
		.regex(/^[\w-]{1,20}$/, 'code de territoire invalide'),
	indicator: z.enum(INDICATOR_KEYS, { error: 'indicateur inconnu' }),
	year: z.coerce
		.number({ error: 'année attendue (AAAA)' })
		.int('année attendue (AAAA)')
		.min(2000, 'année entre 2000 et 2100 attendue')
		.max(2100, 'année entre 2000 et 2100 attendue')
});

export const targetSchema = targetKeySchema
	.extend({ value: value.max(1e9, 'valeur trop grande') })
	.refine((t) => t.indicator !== 'taux_accompagnement' || t.value <= 1, { message: 'un taux ne dépasse pas 100 %', path: ['value'] });
export type TargetInput = z.output<typeof targetSchema>;

/**
 * The form's fields: the territory as `level:code` in one select, the value as shown (a rate in
 * percent).
 */
export const targetFormSchema = z
	.object({
		territoire: z.string().regex(/^[a-z]+:[\w-]{1,20}$/, 'territoire à choisir'),
		indicator: z.string(),
		year: z.string(),
		valeur: z
			.string()
			.trim()
			.min(1, 'valeur à saisir')
			.transform((v) => v.replace(/\s/g, '').replace(',', '.'))
	})
	.transform(({ territoire, indicator, year, valeur }) => {
		const [level, code] = territoire.split(':');
		const shown = Number(valeur);
		return {
			level,
			code,
			indicator,
			year,
			value: indicator === 'taux_accompagnement' && Number.isFinite(shown) ? shown / 100 : valeur
		} as unknown;
	})
	.pipe(targetSchema);

/** data/objectifs.json: where the numbers come from, and the targets. */
export const targetFileSchema = z.object({
	source: z.string().min(1),
	objectifs: z.array(targetSchema).max(2000)
});
