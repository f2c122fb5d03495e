// INSEE catégories juridiques that matter to the DLA (domain.md §2): label, legal family and
// whether the family belongs to the ESS. The table is editable data (data/legal-forms.json); the
// copy bundled here is the default, and a table read at run time can be passed instead.
import { z } from 'zod';
import bundledTable from '../../../data/legal-forms.json';
import { issuesText } from '../schemas/issues';

export const LEGAL_FAMILIES = ['association', 'cooperative', 'mutuelle', 'fondation', 'collectivite', 'autre'] as const;
export type LegalFamily = (typeof LEGAL_FAMILIES)[number];

const CATEGORIE_JURIDIQUE = /^\d{4}$/;

export const legalFormTableSchema = z.object({
	source: z.string().optional(),
	families: z.array(z.object({ code: z.enum(LEGAL_FAMILIES), label: z.string().min(1), ess: z.boolean() })).length(LEGAL_FAMILIES.length),
	nafHorsPerimetreEss: z.object({
		note: z.string().optional(),
		prefixes: z.array(z.string().regex(/^\d{2}(\.\d{2}[A-Z]?)?$/, 'préfixe NAF « 84 », « 94.91 » ou « 94.91Z »'))
	}),
	forms: z.array(
		z.object({
			code: z.string().regex(CATEGORIE_JURIDIQUE, 'catégorie juridique : 4 chiffres'),
			label: z.string().min(1),
			family: z.enum(LEGAL_FAMILIES, { error: () => `famille inconnue (attendu : ${LEGAL_FAMILIES.join(', ')})` })
		})
	)
});
export type LegalFormTable = z.infer<typeof legalFormTableSchema>;
export type LegalForm = LegalFormTable['forms'][number];

export interface LegalFormIndex {
	forms: Map<string, LegalForm>;
	familyLabels: Record<LegalFamily, string>;
	essFamilies: Set<LegalFamily>;
	nafExclusions: string[];
}

/** Indexes a table; a code listed twice is an error, as an edited file would be ambiguous. */
export function legalFormIndex(table: LegalFormTable): LegalFormIndex {
	const forms = new Map<string, LegalForm>();
	for (const form of table.forms) {
		if (forms.has(form.code)) throw new Error(`catégorie juridique ${form.code} listée deux fois`);
		forms.set(form.code, form);
	}
	const familyLabels = Object.fromEntries(table.families.map((f) => [f.code, f.label])) as Record<LegalFamily, string>;
	for (const family of LEGAL_FAMILIES) if (!familyLabels[family]) throw new Error(`famille juridique ${family} absente de la table`);
	return {
		forms,
		familyLabels,
		essFamilies: new Set(table.families.filter((f) => f.ess).map((f) => f.code)),
		nafExclusions: table.nafHorsPerimetreEss.prefixes
	};
}

function bundledIndex(): LegalFormIndex {
	const parsed = legalFormTableSchema.safeParse(bundledTable);
	if (!parsed.success) {
		throw new Error(`data/legal-forms.json invalide : ${issuesText(parsed.error)}`);
	}
	return legalFormIndex(parsed.data);
}

export const DEFAULT_LEGAL_FORMS: LegalFormIndex = bundledIndex();

export const LEGAL_FAMILY_LABELS: Record<LegalFamily, string> = DEFAULT_LEGAL_FORMS.familyLabels;

/** The legal family of a catégorie juridique; `autre` for a code the table does not list. */
export function legalFamilyOf(code: string | null | undefined, index = DEFAULT_LEGAL_FORMS): LegalFamily | null {
	if (!code || !CATEGORIE_JURIDIQUE.test(code)) return null;
	return index.forms.get(code)?.family ?? 'autre';
}

/** Whether the catégorie juridique belongs to one of the ESS legal families. */
export function isEssLegalFamily(code: string | null | undefined, index = DEFAULT_LEGAL_FORMS): boolean {
	const family = legalFamilyOf(code, index);
	return family !== null && index.essFamilies.has(family);
}

export function legalFormLabel(code: string | null | undefined, index = DEFAULT_LEGAL_FORMS): string | null {
	return code ? (index.forms.get(code)?.label ?? null) : null;
}

/**
 * INSEE's statistical ESS perimeter: an ESS legal family, minus public administration and the
 * employer, professional, trade-union, religious and political organisations (by NAF code).
 * `naf` is normalised (`94.91Z`); an unknown NAF does not exclude.
 */
export function isInEssPerimeter(
	categorieJuridique: string | null | undefined,
	naf: string | null | undefined,
	index = DEFAULT_LEGAL_FORMS
): boolean {
	if (!isEssLegalFamily(categorieJuridique, index)) return false;
	return !naf || !index.nafExclusions.some((prefix) => naf.startsWith(prefix));
}
