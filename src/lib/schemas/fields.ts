// Field schemas shared by the actor, accompaniment and contact-log schemas. They accept what a
// form, a JSON body or a spreadsheet cell holds (strings with stray spaces, French decimal
// commas, « oui »/« non », dd/mm/yyyy) and give typed values, with messages a user can act on.
import { z } from 'zod';
import { parseDate } from '../domain/dates';
import { checkSiren, checkSiret, normalizeIdentifier } from '../domain/siret';

const COMBINING_MARKS = /[\u0300-\u036f]/g;
const NON_ALPHANUMERIC = /[^a-z0-9]+/g;

/** Lower case, no accents, words separated by single spaces: to compare labels typed by people. */
export function foldText(text: string): string {
	return text
		.normalize('NFD')
		.replace(COMBINING_MARKS, '')
		.toLowerCase()
		.replace(/œ/g, 'oe')
		.replace(/æ/g, 'ae')
		.replace(NON_ALPHANUMERIC, ' ')
		.trim();
}

/** Empty strings and missing values mean « no value »; other strings are trimmed. */
export function blankToNull(value: unknown): unknown {
	if (value === undefined) return null;
	if (typeof value === 'string') {
		const trimmed = value.trim();
		return trimmed === '' ? null : trimmed;
	}
	return value;
}

// PostgreSQL text cannot hold U+0000: refused with the field named rather than failing in SQL.
const NUL = '\u0000';
export const noNul = (label: string) => [(text: string) => !text.includes(NUL), `${label} : caractère nul (U+0000) interdit`] as const;

export function optionalText(max: number, label: string) {
	return z.preprocess(
		blankToNull,
		z
			.string({ error: `${label} : texte attendu` })
			.max(max, `${label} : ${max} caractères au plus`)
			.refine(...noNul(label))
			.nullable()
	);
}

export function requiredText(max: number, label: string) {
	return z.preprocess(
		blankToNull,
		z
			.string({ error: (issue) => (issue.input === null ? `${label} obligatoire` : `${label} : texte attendu`) })
			.max(max, `${label} : ${max} caractères au plus`)
			.refine(...noNul(label))
	);
}

const YES = new Set(['o', 'oui', 'y', 'yes', 'true', 'vrai', '1', 'on', 'x']);
const NO = new Set(['n', 'non', 'no', 'false', 'faux', '0', 'off']);

/** « oui »/« non », O/N (SIRENE), true/false, 1/0, a checked box; null when empty. */
export function yesNo(label: string) {
	return z.preprocess(
		(value) => {
			const v = blankToNull(value);
			if (typeof v !== 'string') return v;
			const folded = foldText(v);
			if (YES.has(folded)) return true;
			if (NO.has(folded)) return false;
			return v;
		},
		z.boolean({ error: `${label} : « oui » ou « non » attendu` }).nullable()
	);
}

const NUMBER_NOISE = /[\s\u00a0\u202f€]/g;
const DOT_THOUSANDS = /^-?\d{1,3}(\.\d{3})+$/;

/**
 * « 12 500,50 € », « 3,5 », « 1.234.567 », « 1,500.25 » → a number; null when it is not one.
 * A lone comma is a decimal comma (French usage); the last of comma and dot is the decimal mark.
 */
export function parseFrenchNumber(raw: string): number | null {
	let text = raw.replace(NUMBER_NOISE, '');
	if (text === '') return null;
	const comma = text.lastIndexOf(',');
	const dot = text.lastIndexOf('.');
	if (comma >= 0 && dot >= 0) {
		text = comma > dot ? text.replaceAll('.', '').replace(',', '.') : text.replaceAll(',', '');
	} else if (comma >= 0) {
		if (text.indexOf(',') !== comma) return null;
		text = text.replace(',', '.');
	} else if (DOT_THOUSANDS.test(text) && text.indexOf('.') !== dot) {
		text = text.replaceAll('.', '');
	}
	const value = Number(text);
	return text !== '' && Number.isFinite(value) ? value : null;
}

interface NumberBounds {
	min?: number;
	max?: number;
	integer?: boolean;
}

/** A number typed the French way, or a real number; null when empty. */
export function decimal(label: string, bounds: NumberBounds = {}) {
	let schema = z.number({ error: `${label} : nombre attendu` });
	if (bounds.integer) schema = schema.int(`${label} : nombre entier attendu`);
	if (bounds.min !== undefined) schema = schema.min(bounds.min, `${label} : au moins ${bounds.min}`);
	if (bounds.max !== undefined) schema = schema.max(bounds.max, `${label} : au plus ${bounds.max}`);
	return z.preprocess((value) => {
		const v = blankToNull(value);
		if (typeof v !== 'string') return v;
		return parseFrenchNumber(v) ?? v;
	}, schema.nullable());
}

/** A calendar date, ISO or dd/mm/yyyy (a Date from a spreadsheet too) → `YYYY-MM-DD`; null when empty. */
export function isoDate(label: string) {
	return z.preprocess(
		(value) => (value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : blankToNull(value)),
		z
			.string({ error: `${label} : date attendue` })
			.nullable()
			.transform((text, ctx) => {
				if (text === null) return null;
				const parsed = parseDate(text);
				if (parsed.ok) return parsed.value;
				ctx.addIssue({ code: 'custom', message: `${label} : ${parsed.reason}` });
				return z.NEVER;
			})
	);
}

/** A required calendar date. */
export function requiredIsoDate(label: string) {
	return isoDate(label)
		.refine((value) => value !== null, `${label} obligatoire`)
		.transform((value) => value as string);
}

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A day of the calendar as a date input sends it: `YYYY-MM-DD`, nothing else; null when empty.
 * A time or a time zone (`2026-06-02T10:00+02:00`) is refused rather than cut off: which day
 * was meant depends on the zone, and guessing it moves a visit to another day.
 */
export function calendarDate(label: string) {
	return z.preprocess(
		blankToNull,
		z
			.string({ error: `${label} : date attendue au format AAAA-MM-JJ` })
			.nullable()
			.transform((text, ctx) => {
				if (text === null) return null;
				if (!CALENDAR_DATE.test(text)) {
					ctx.addIssue({
						code: 'custom',
						message: `${label} : « ${text.slice(0, 40)} » n’est pas une date du calendrier AAAA-MM-JJ (sans heure ni fuseau horaire)`
					});
					return z.NEVER;
				}
				const parsed = parseDate(text);
				if (parsed.ok) return parsed.value;
				ctx.addIssue({ code: 'custom', message: `${label} : ${parsed.reason}` });
				return z.NEVER;
			})
	);
}

/** A required `YYYY-MM-DD` calendar date. */
export function requiredCalendarDate(label: string) {
	return calendarDate(label)
		.refine((value) => value !== null, `${label} obligatoire`)
		.transform((value) => value as string);
}

function identifier(label: string, check: (raw: string) => { ok: true; value: string } | { ok: false; reason: string }) {
	return z.preprocess(
		(value) => (typeof value === 'number' ? String(value) : blankToNull(value)),
		z
			.string({ error: `${label} : texte attendu` })
			.nullable()
			.transform((text, ctx) => {
				if (text === null) return null;
				const checked = check(text);
				if (checked.ok) return checked.value;
				ctx.addIssue({ code: 'custom', message: `${label} « ${text} » : ${checked.reason}` });
				return z.NEVER;
			})
	);
}

/** 14 digits, Luhn key (or La Poste's rule); spaces and dots people type are removed. */
export const siret = identifier('SIRET', checkSiret);
export const siren = identifier('SIREN', checkSiren);

const RNA_NUMBER = /^W[0-9A-Z]{9}$/;

/**
 * RNA number: W + 9 characters, digits in practice; letters occur for Corsica (W2A…, W2B…).
 * The database accepts the same pattern.
 */
export const rna = identifier('numéro RNA', (raw) => {
	const value = normalizeIdentifier(raw).toUpperCase();
	return RNA_NUMBER.test(value) ? { ok: true, value } : { ok: false, reason: 'W suivi de 9 caractères attendu (ex. W572001234)' };
});

/** A code of a fixed shape; spreadsheets drop leading zeros, so short numeric codes are padded. */
function code(label: string, pattern: RegExp, expected: string, padTo?: number) {
	return z.preprocess(
		(value) => {
			const v = typeof value === 'number' ? String(value) : blankToNull(value);
			if (typeof v !== 'string') return v;
			const upper = v.toUpperCase();
			return padTo && /^\d+$/.test(upper) && upper.length < padTo ? upper.padStart(padTo, '0') : upper;
		},
		z
			.string({ error: `${label} : texte attendu` })
			.regex(pattern, `${label} : ${expected}`)
			.nullable()
	);
}

export const categorieJuridique = code('catégorie juridique', /^\d{4}$/, '4 chiffres attendus (ex. 9220)');
export const codePostal = code('code postal', /^\d{5}$/, '5 chiffres attendus', 5);
/** INSEE commune code: 5 characters, Corsica included (2A004). */
export const communeCode = code('code commune INSEE', /^(\d{5}|2[AB]\d{3})$/, '5 caractères attendus (ex. 57463, 2A004)', 5);

const LIST_SEPARATORS = /[;|\n]/;

/** A list given as an array or as text separated by `;` or `|`; trimmed, without blanks or repeats. */
export function textList(label: string, maxItems: number, maxLength: number) {
	return z.preprocess(
		(value) => {
			if (value === undefined || value === null) return [];
			const items = typeof value === 'string' ? value.split(LIST_SEPARATORS) : value;
			if (!Array.isArray(items)) return items;
			const seen = new Set<string>();
			const out: unknown[] = [];
			for (const item of items) {
				if (typeof item !== 'string') {
					out.push(item);
					continue;
				}
				const trimmed = item.trim();
				if (trimmed && !seen.has(trimmed)) {
					seen.add(trimmed);
					out.push(trimmed);
				}
			}
			return out;
		},
		z
			.array(
				z
					.string({ error: `${label} : texte attendu` })
					.max(maxLength, `${label} : ${maxLength} caractères au plus par élément`)
					.refine(...noNul(label))
			)
			.max(maxItems, `${label} : ${maxItems} éléments au plus`)
	);
}

function labelLookup<T extends string>(codes: readonly T[], labels: Record<T, string>): (value: unknown) => unknown {
	const byFolded = new Map<string, T>();
	for (const c of codes) {
		byFolded.set(foldText(c), c);
		byFolded.set(foldText(labels[c]), c);
	}
	const exact = new Set<string>(codes);
	return (value) => {
		const v = blankToNull(value);
		// Importers pass the code itself: no folding on that path, run for every row.
		if (typeof v !== 'string' || exact.has(v)) return v;
		return byFolded.get(foldText(v)) ?? v;
	};
}

function unknownCodeMessage(label: string, codes: readonly string[]) {
	return (issue: { input?: unknown }) =>
		issue.input === null || issue.input === undefined
			? `${label} obligatoire`
			: `${label} : « ${String(issue.input)} » n’est pas dans la liste (attendu : ${codes.join(', ')})`;
}

/** A value of a list of codes, also accepted as its French label, accents and case aside. */
export function codeOrLabel<const T extends readonly [string, ...string[]]>(label: string, codes: T, labels: Record<T[number], string>) {
	return z.preprocess(labelLookup<T[number]>(codes, labels), z.enum(codes, { error: unknownCodeMessage(label, codes) }));
}

/** Same as codeOrLabel, null when empty. */
export function optionalCodeOrLabel<const T extends readonly [string, ...string[]]>(
	label: string,
	codes: T,
	labels: Record<T[number], string>
) {
	return z.preprocess(labelLookup<T[number]>(codes, labels), z.enum(codes, { error: unknownCodeMessage(label, codes) }).nullable());
}
