// An actor of the territory (ESS structure, collectivité, partner, initiative) as it enters the
// system: from the edit form, the JSON API or an import. Derived fields (legal family, sector,
// SIREN from SIRET, location precision) are computed here so that every entry path agrees.
import { z } from 'zod';
import { isEmployerTranche, normalizeTranche, trancheOf } from '../domain/tranches';
import { legalFamilyOf } from '../domain/legal-forms';
import { DEFAULT_SECTOR_TABLE, isSectorCode, normalizeNaf, sectorOfNaf } from '../domain/sectors';
import { ACTOR_KINDS, ACTOR_KIND_LABELS } from '../domain/stages';
import {
	blankToNull,
	categorieJuridique,
	codeOrLabel,
	codePostal,
	communeCode,
	decimal,
	foldText,
	isoDate,
	optionalText,
	requiredText,
	rna,
	siren,
	siret,
	textList,
	yesNo
} from './fields';

// `cog`: the collectivités the territory import creates from the Code officiel géographique.
export const ACTOR_SOURCES = ['sirene', 'rna', 'csv', 'xlsx', 'geojson', 'saisie', 'demo', 'cog'] as const;
export type ActorSource = (typeof ACTOR_SOURCES)[number];

/** How a point was obtained: geocoded address, SIRENE's Lambert-93 coordinates, or the commune. */
export const LOCATION_PRECISIONS = ['adresse', 'lambert93', 'commune'] as const;
export type LocationPrecision = (typeof LOCATION_PRECISIONS)[number];

/** Where the stored sector comes from: the NAF code, or given explicitly (a file's column, an edit). */
export type SectorSource = 'naf' | 'explicite';

/** Legal bases of the processing of a contact person's data (RGPD art. 6). */
export const LEGAL_BASES = [
	'consentement',
	'contrat',
	'obligation_legale',
	'interets_vitaux',
	'mission_interet_public',
	'interet_legitime'
] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];
export const LEGAL_BASIS_LABELS: Record<LegalBasis, string> = {
	consentement: 'Consentement',
	contrat: 'Contrat',
	obligation_legale: 'Obligation légale',
	interets_vitaux: 'Intérêts vitaux',
	mission_interet_public: 'Mission d’intérêt public',
	interet_legitime: 'Intérêt légitime'
};

const PHONE_NOISE = /[\s.\-()\u00a0]/g;
const PHONE = /^(0\d{9}|\+\d{8,15})$/;

const telephone = z.preprocess(
	(value) => {
		const v = blankToNull(value);
		return typeof v === 'string' ? v.replace(PHONE_NOISE, '') : v;
	},
	z
		.string({ error: 'téléphone : texte attendu' })
		.regex(PHONE, 'téléphone : 10 chiffres (03 87 …) ou format international (+33 3 87 …)')
		.nullable()
);

const email = z.preprocess(blankToNull, z.email('adresse électronique invalide').max(254).nullable());

/** A contact person of an actor: personal data, kept with the legal basis of its processing. */
export const contactSchema = z.object({
	nom: requiredText(200, 'nom du contact'),
	role: optionalText(200, 'fonction du contact'),
	email,
	telephone,
	base_legale: codeOrLabel('base légale (RGPD)', LEGAL_BASES, LEGAL_BASIS_LABELS)
});
export type Contact = z.output<typeof contactSchema>;

const naf = z.preprocess(
	blankToNull,
	z
		.string({ error: 'code NAF : texte attendu' })
		.nullable()
		.transform((text, ctx) => {
			if (text === null) return null;
			const normalized = normalizeNaf(text);
			if (normalized) return normalized;
			ctx.addIssue({ code: 'custom', message: `code NAF « ${text} » : format 88.99B attendu` });
			return z.NEVER;
		})
);

const tranche = z.preprocess(
	(value) => (typeof value === 'string' || typeof value === 'number' ? normalizeTranche(String(value)) : blankToNull(value)),
	z
		.string({ error: 'tranche d’effectifs : texte attendu' })
		.refine((code) => trancheOf(code) !== null, {
			error: (issue) => `tranche d’effectifs « ${String(issue.input)} » inconnue (NN, 00, 01… 53)`
		})
		.nullable()
);

// A file may give the sector by its code or its label (« Arts, spectacles & patrimoine »).
const SECTOR_BY_LABEL = new Map(DEFAULT_SECTOR_TABLE.sectors.map((s) => [foldText(s.label), s.code]));
const secteur = z.preprocess(
	(value) => {
		const v = blankToNull(value);
		return typeof v === 'string' && !isSectorCode(v) ? (SECTOR_BY_LABEL.get(foldText(v)) ?? v) : v;
	},
	z
		.string({ error: 'secteur : texte attendu' })
		.refine((code) => isSectorCode(code), { error: (issue) => `secteur « ${String(issue.input)} » inconnu` })
		.nullable()
);

export const actorShape = {
	kind: codeOrLabel('type d’acteur', ACTOR_KINDS, ACTOR_KIND_LABELS),
	nom: requiredText(300, 'nom'),
	sigle: optionalText(60, 'sigle'),
	siren,
	siret,
	rna,
	categorie_juridique: categorieJuridique,
	naf,
	/** Given explicitly (a file's column, an edit), the sector wins over the one of the NAF code. */
	secteur,
	tranche_effectifs: tranche,
	employeur: yesNo('employeur'),
	ess: yesNo('ESS'),
	date_creation: isoDate('date de création'),
	adresse: optionalText(300, 'adresse'),
	code_postal: codePostal,
	commune_code: communeCode,
	lon: decimal('longitude', { min: -180, max: 180 }),
	lat: decimal('latitude', { min: -90, max: 90 }),
	precision: z.preprocess(blankToNull, z.enum(LOCATION_PRECISIONS, { error: `précision : ${LOCATION_PRECISIONS.join(', ')}` }).nullable()),
	tags: textList('étiquettes', 50, 60),
	notes: optionalText(5000, 'notes'),
	source: z.enum(ACTOR_SOURCES, { error: `source : ${ACTOR_SOURCES.join(', ')}` }),
	source_id: optionalText(100, 'identifiant dans la source'),
	contacts: z.preprocess((value) => value ?? [], z.array(contactSchema).max(50, '50 contacts au plus'))
};

type ActorFields = z.output<z.ZodObject<typeof actorShape>>;

function checkActor(actor: ActorFields, ctx: z.RefinementCtx): void {
	if (actor.siren && actor.siret && !actor.siret.startsWith(actor.siren)) {
		ctx.addIssue({ code: 'custom', path: ['siren'], message: `le SIREN ${actor.siren} n’est pas le début du SIRET ${actor.siret}` });
	}
	if ((actor.lon === null) !== (actor.lat === null)) {
		const missing = actor.lon === null ? 'lon' : 'lat';
		ctx.addIssue({ code: 'custom', path: [missing], message: missing === 'lon' ? 'latitude sans longitude' : 'longitude sans latitude' });
	}
	if (!actor.commune_code && (actor.lon === null || actor.lat === null)) {
		ctx.addIssue({ code: 'custom', path: ['commune_code'], message: 'ni commune ni coordonnées : impossible de situer l’acteur' });
	}
}

function deriveActor(actor: ActorFields) {
	const hasPoint = actor.lon !== null && actor.lat !== null;
	return {
		...actor,
		siren: actor.siren ?? (actor.siret ? actor.siret.slice(0, 9) : null),
		famille_juridique: legalFamilyOf(actor.categorie_juridique),
		secteur: actor.secteur ?? sectorOfNaf(actor.naf),
		secteur_source: (actor.secteur ? 'explicite' : 'naf') as SectorSource,
		employeur: actor.employeur ?? isEmployerTranche(actor.tranche_effectifs),
		// Without a point, the database places the actor inside its commune.
		precision: hasPoint ? (actor.precision ?? 'adresse') : ('commune' as const)
	};
}

/**
 * The actor schema. `commune_code` may be null only when a point is given: the database phase then
 * finds the commune containing the point.
 */
export const actorSchema = z.object(actorShape).superRefine(checkActor).transform(deriveActor);

export type ActorInput = z.input<typeof actorSchema>;
/** An actor ready for the database: what the importers hand over. */
export type Actor = z.output<typeof actorSchema>;
/** The actor fields a form or a file can fill (`famille_juridique` is always derived). */
export type ActorField = keyof typeof actorShape;

// The actor's contract for the rest of the code: the record the database stores, the edit, the
// fields an edit may change and the columns read back for it are all derived from `actorShape`,
// so that a field added to the schema is added here once (and the server's column lists, which
// are checked against these types, fail to compile until they carry it).

/** The fields of the schema, in its order. */
export const ACTOR_FIELDS = Object.keys(actorShape) as ActorField[];

/** Fields an edit may change: all but the source of a record and the contact persons (own endpoint). */
export const ACTOR_EDITABLE_FIELDS = ACTOR_FIELDS.filter((f) => f !== 'source' && f !== 'source_id' && f !== 'contacts') as Exclude<
	ActorField,
	'source' | 'source_id' | 'contacts'
>[];

/** Schema fields stored as columns of the same name (lon/lat are the geometry, contacts a table of their own). */
export type ActorStoredField = Exclude<ActorField, 'lon' | 'lat' | 'contacts'>;
export const ACTOR_STORED_FIELDS = ACTOR_FIELDS.filter((f) => f !== 'lon' && f !== 'lat' && f !== 'contacts') as ActorStoredField[];

/**
 * One actor as the importers hand it to the database (already validated). `secteur` is a sector
 * given explicitly (a file's « secteur » column): it wins over the one of the NAF code, now and at
 * later imports and starts; absent or null, the sector follows the NAF code. `lon`/`lat` are WGS 84;
 * null places the actor at its commune's point on surface with precision `commune`.
 */
export type ActorUpsert = Omit<
	Actor,
	'contacts' | 'secteur_source' | 'secteur' | 'commune_code' | 'precision' | 'source' | 'famille_juridique'
> & {
	secteur?: string | null;
	/** Text in the database: tests and tools write their own sources. */
	source: string;
	famille_juridique: string | null;
	commune_code: string;
	/** Null without a point: the database sets `commune`. */
	precision: LocationPrecision | null;
};

/** An edit as saved: `secteur` is the sector chosen explicitly, or null for the one of the NAF code. */
export type ActorEdit = Omit<ActorUpsert, 'source' | 'source_id'> & { secteur: string | null };
