// Any other table of actors (a partner's list, the DLA's own spreadsheet): the user maps the
// file's columns to actor fields, with a mapping proposed from the header names.
import { z } from 'zod';
import { trancheOfHeadcount } from '../../domain/tranches';
import { isEssLegalFamily } from '../../domain/legal-forms';
import type { ActorKind } from '../../domain/stages';
import { actorSchema, type Actor, type LegalBasis } from '../../schemas/actor';
import { foldText, parseFrenchNumber } from '../../schemas/fields';
import { currentCommuneCode, resolveCommune, type CommuneDirectory } from './communes';
import { headerKey } from './detect';
import { ImportFileError } from './errors';
import { lambert93ToWgs84 } from './lambert93';
import { openTable, type OpenTableOptions } from './open';
import { mapRows, validateRow, type DuplicateKey } from './rows';
import { rejection, type ImportSource, type RowOutcome, type RowResult } from './types';

export const MAPPABLE_FIELDS = [
	'nom',
	'sigle',
	'kind',
	'siret',
	'siren',
	'rna',
	'categorie_juridique',
	'naf',
	'secteur',
	'tranche_effectifs',
	'effectif',
	'employeur',
	'ess',
	'date_creation',
	'adresse',
	'code_postal',
	'commune',
	'commune_code',
	'lon',
	'lat',
	'x_lambert93',
	'y_lambert93',
	'tags',
	'notes',
	'source_id',
	'contact_nom',
	'contact_role',
	'contact_email',
	'contact_telephone'
] as const;
export type MappableField = (typeof MAPPABLE_FIELDS)[number];

/** Target field → the file's column that fills it. */
export type ColumnMapping = Partial<Record<MappableField, string>>;

export const MAPPABLE_FIELD_LABELS: Record<MappableField, string> = {
	nom: 'Nom',
	sigle: 'Sigle',
	kind: 'Type d’acteur',
	siret: 'SIRET',
	siren: 'SIREN',
	rna: 'Numéro RNA',
	categorie_juridique: 'Catégorie juridique (code INSEE)',
	naf: 'Code NAF / APE',
	secteur: 'Secteur',
	tranche_effectifs: 'Tranche d’effectifs (code INSEE)',
	effectif: 'Effectif (nombre de salariés)',
	employeur: 'Employeur (oui/non)',
	ess: 'ESS (oui/non)',
	date_creation: 'Date de création',
	adresse: 'Adresse',
	code_postal: 'Code postal',
	commune: 'Commune (nom)',
	commune_code: 'Code commune INSEE',
	lon: 'Longitude (WGS 84)',
	lat: 'Latitude (WGS 84)',
	x_lambert93: 'X Lambert-93',
	y_lambert93: 'Y Lambert-93',
	tags: 'Étiquettes',
	notes: 'Notes',
	source_id: 'Identifiant dans le fichier',
	contact_nom: 'Contact : nom',
	contact_role: 'Contact : fonction',
	contact_email: 'Contact : courriel',
	contact_telephone: 'Contact : téléphone'
};

/** A mapping as a form or the API sends it. */
export const columnMappingSchema = z.partialRecord(z.enum(MAPPABLE_FIELDS), z.string().trim().min(1, 'colonne vide'));

// Header names people use for each field, folded (no case, accents or punctuation).
const SYNONYMS: Record<MappableField, string[]> = {
	nom: [
		'nom',
		'raison sociale',
		'denomination',
		'denomination sociale',
		'nom de la structure',
		'nom structure',
		'structure',
		'organisme',
		'nom de l organisme',
		'intitule',
		'name',
		'titre',
		'association',
		'nom de l association'
	],
	sigle: ['sigle', 'acronyme', 'nom court', 'titre court'],
	kind: ['type d acteur', 'type acteur', 'kind', 'categorie d acteur'],
	siret: ['siret', 'n siret', 'no siret', 'numero siret', 'num siret', 'code siret'],
	siren: ['siren', 'n siren', 'no siren', 'numero siren'],
	rna: ['rna', 'n rna', 'numero rna', 'identifiant rna', 'id rna', 'waldec', 'numero waldec'],
	categorie_juridique: ['categorie juridique', 'code categorie juridique', 'cj', 'code cj', 'forme juridique code'],
	naf: ['naf', 'code naf', 'ape', 'code ape', 'naf ape', 'code naf ape', 'activite principale'],
	secteur: ['secteur', 'secteur ess', 'secteur d activite'],
	tranche_effectifs: ['tranche effectifs', 'tranche d effectifs', 'tranche effectif'],
	effectif: ['effectif', 'effectifs', 'nombre de salaries', 'nb salaries', 'salaries', 'etp'],
	employeur: ['employeur', 'caractere employeur', 'structure employeuse'],
	ess: ['ess', 'economie sociale et solidaire'],
	date_creation: ['date de creation', 'date creation', 'creation', 'cree le', 'annee de creation'],
	adresse: ['adresse', 'adresse postale', 'adresse 1', 'adresse ligne 1', 'voie', 'rue', 'address', 'numero et voie'],
	code_postal: ['code postal', 'cp', 'postal code', 'code post'],
	commune: ['commune', 'ville', 'localite', 'city', 'nom commune', 'libelle commune', 'nom de la commune'],
	commune_code: ['code commune', 'code insee', 'insee', 'code insee commune', 'codgeo', 'depcom', 'cog', 'code commune insee'],
	lon: ['longitude', 'lon', 'lng', 'long', 'x wgs84'],
	lat: ['latitude', 'lat', 'y wgs84'],
	x_lambert93: ['x', 'x lambert 93', 'x lambert93', 'x l93', 'coordonnee x'],
	y_lambert93: ['y', 'y lambert 93', 'y lambert93', 'y l93', 'coordonnee y'],
	tags: ['tags', 'etiquettes', 'mots cles', 'categories', 'reseaux'],
	notes: ['notes', 'note', 'commentaire', 'commentaires', 'remarques', 'observations', 'description'],
	source_id: ['id', 'identifiant', 'ref', 'reference', 'code'],
	contact_nom: ['contact', 'nom du contact', 'nom contact', 'referent', 'interlocuteur', 'responsable', 'dirigeant', 'president'],
	contact_role: ['fonction', 'role', 'fonction du contact', 'poste'],
	contact_email: ['email', 'e mail', 'mail', 'courriel', 'adresse mail', 'adresse electronique', 'mel'],
	contact_telephone: ['telephone', 'tel', 'portable', 'tel fixe', 'numero de telephone', 'mobile']
};

/**
 * Proposes a mapping from header names: exact synonyms first, then headers that contain a synonym
 * (« N° SIRET de l'établissement »), the longest synonym winning. Each column serves one field.
 */
export function guessMapping(headers: string[]): ColumnMapping {
	const mapping: ColumnMapping = {};
	const used = new Set<string>();
	const keys = headers.map(headerKey);
	for (const field of MAPPABLE_FIELDS) {
		const i = keys.findIndex((key, index) => !used.has(headers[index]) && SYNONYMS[field].includes(key));
		if (i >= 0) {
			mapping[field] = headers[i];
			used.add(headers[i]);
		}
	}
	for (let i = 0; i < headers.length; i++) {
		if (used.has(headers[i])) continue;
		const padded = ` ${keys[i]} `;
		let best: { field: MappableField; length: number } | null = null;
		for (const field of MAPPABLE_FIELDS) {
			if (mapping[field]) continue;
			for (const synonym of SYNONYMS[field]) {
				// Whole words only, and no one-letter synonyms (x, y) inside longer headers.
				if (synonym.length < 3 || !padded.includes(` ${synonym} `)) continue;
				if (!best || synonym.length > best.length) best = { field, length: synonym.length };
			}
		}
		if (best) {
			mapping[best.field] = headers[i];
			used.add(headers[i]);
		}
	}
	return mapping;
}

/** What prevents importing with this mapping, in words a user can act on; empty when fine. */
export function mappingProblems(mapping: ColumnMapping, headers: string[], options: { pointsGiven?: boolean } = {}): string[] {
	const problems: string[] = [];
	const present = new Set(headers);
	for (const [field, column] of Object.entries(mapping)) {
		if (column && !present.has(column))
			problems.push(`colonne « ${column} » (${MAPPABLE_FIELD_LABELS[field as MappableField]}) absente du fichier`);
	}
	if (!mapping.nom) problems.push('aucune colonne pour le nom');
	const located =
		options.pointsGiven ||
		mapping.commune_code ||
		mapping.commune ||
		mapping.code_postal ||
		(mapping.lon && mapping.lat) ||
		(mapping.x_lambert93 && mapping.y_lambert93);
	if (!located) problems.push('aucune colonne pour situer les acteurs (commune, code postal, code INSEE ou coordonnées)');
	if ((mapping.lon ? 1 : 0) + (mapping.lat ? 1 : 0) === 1) problems.push('longitude et latitude vont ensemble');
	if ((mapping.x_lambert93 ? 1 : 0) + (mapping.y_lambert93 ? 1 : 0) === 1) problems.push('X et Y Lambert-93 vont ensemble');
	return problems;
}

export interface GenericOptions {
	mapping: ColumnMapping;
	communes: CommuneDirectory;
	source: 'csv' | 'xlsx' | 'geojson';
	/** Kind of the actors whose row does not say it. */
	defaultKind?: ActorKind;
	/** Tags added to every actor of the file (« réseau X », « import 2024 »). */
	tags?: string[];
	/** Legal basis recorded for the contact persons of the file (RGPD). */
	contactLegalBasis?: LegalBasis;
}

/** A point given outside the columns (a GeoJSON geometry). */
export interface GivenPoint {
	lon: number;
	lat: number;
}

type Cell = (field: MappableField) => string;
type PointOutcome =
	{ ok: true; point: GivenPoint | null; lonInput: unknown; latInput: unknown } | { ok: false; column: string; reason: string };

function mappedPoint(cell: Cell, mapping: ColumnMapping): PointOutcome {
	const lonText = cell('lon');
	const latText = cell('lat');
	if (lonText || latText) {
		const lon = parseFrenchNumber(lonText);
		const lat = parseFrenchNumber(latText);
		// Unparseable values go to the schema, which names them.
		return { ok: true, point: lon !== null && lat !== null ? { lon, lat } : null, lonInput: lon ?? lonText, latInput: lat ?? latText };
	}
	const xText = cell('x_lambert93');
	const yText = cell('y_lambert93');
	if (xText || yText) {
		const x = parseFrenchNumber(xText);
		const y = parseFrenchNumber(yText);
		const point = x !== null && y !== null ? lambert93ToWgs84(x, y) : null;
		if (!point)
			return {
				ok: false,
				column: mapping.x_lambert93 ?? 'x',
				reason: `coordonnées Lambert-93 (${xText} ; ${yText}) hors de France métropolitaine`
			};
		return { ok: true, point: { lon: point[0], lat: point[1] }, lonInput: point[0], latInput: point[1] };
	}
	return { ok: true, point: null, lonInput: null, latInput: null };
}

// Compiled once: these run for every row.
const FOUR_DIGITS = /^\d{4}$/;
const COMMUNE_CODE = /^(\d{5}|2[AB]\d{3})$/;
const TAG_SEPARATORS = /[;|,]/;

type CommuneOutcome = { ok: true; code: string | null } | { skipped: string } | { ok: false; column: string | null; reason: string };

/** The commune from its INSEE code, else from its name and postal code; outside → skipped. */
function mappedCommune(cell: Cell, mapping: ColumnMapping, communes: CommuneDirectory, hasPoint: boolean): CommuneOutcome {
	const code = cell('commune_code').toUpperCase();
	if (code) {
		const padded = FOUR_DIGITS.test(code) ? `0${code}` : code;
		const current = currentCommuneCode(communes, padded);
		if (current) return { ok: true, code: current };
		// A well-formed code of another département is outside; a malformed one goes to the schema.
		return COMMUNE_CODE.test(padded) ? { skipped: 'hors territoire' } : { ok: true, code: padded };
	}
	const name = cell('commune') || null;
	const rawPostal = cell('code_postal');
	const postalCode = FOUR_DIGITS.test(rawPostal) ? `0${rawPostal}` : rawPostal || null;
	if (!name && !postalCode) return { ok: true, code: null };
	const resolved = resolveCommune(communes, name, postalCode);
	if (resolved.ok) return { ok: true, code: resolved.code };
	if (resolved.reason === 'hors territoire') return { skipped: 'hors territoire' };
	// A point lets the database find the commune.
	if (hasPoint) return { ok: true, code: null };
	const column = (name ? mapping.commune : mapping.code_postal) ?? null;
	const what = [name && `« ${name} »`, postalCode].filter(Boolean).join(' ');
	return resolved.reason === 'ambigu'
		? {
				ok: false,
				column,
				reason: `commune ${what} ambiguë (${resolved.candidates?.join(', ')}) : préciser le code postal ou le code INSEE`
			}
		: { ok: false, column, reason: `commune ${what} introuvable dans le territoire` };
}

function mappedTranche(cell: Cell, mapping: ColumnMapping): { ok: true; value: string } | { ok: false; column: string; reason: string } {
	const tranche = cell('tranche_effectifs');
	if (tranche) return { ok: true, value: tranche };
	const headcountText = cell('effectif');
	if (!headcountText) return { ok: true, value: '' };
	const headcount = parseFrenchNumber(headcountText);
	const code = headcount === null ? null : trancheOfHeadcount(Math.round(headcount));
	return code
		? { ok: true, value: code }
		: { ok: false, column: mapping.effectif ?? 'effectif', reason: `effectif « ${headcountText} » : nombre de salariés attendu` };
}

function mappedContacts(cell: Cell, basis: LegalBasis) {
	const nom = cell('contact_nom') || cell('contact_email') || cell('contact_telephone');
	if (!nom) return [];
	return [{ nom, role: cell('contact_role'), email: cell('contact_email'), telephone: cell('contact_telephone'), base_legale: basis }];
}

/** The column each actor field was read from, for the rejected-rows report. */
function columnOfField(mapping: ColumnMapping): (field: string) => string | null {
	return (field) => {
		if (field === 'commune_code') return mapping.commune_code ?? mapping.commune ?? mapping.code_postal ?? null;
		if (field === 'lon') return mapping.lon ?? mapping.x_lambert93 ?? null;
		if (field === 'lat') return mapping.lat ?? mapping.y_lambert93 ?? null;
		if (field === 'tranche_effectifs') return mapping.tranche_effectifs ?? mapping.effectif ?? null;
		if (field === 'contacts') return mapping.contact_nom ?? mapping.contact_email ?? mapping.contact_telephone ?? null;
		return mapping[field as MappableField] ?? null;
	};
}

const MAX_SOURCE_ID = 100;

/** One row of a mapped table (or one GeoJSON feature, with its point) → an actor. */
export function mapGenericRow(
	record: Record<string, string>,
	line: number,
	options: GenericOptions,
	given: GivenPoint | null = null
): RowResult<Actor> {
	const { mapping } = options;
	const cell: Cell = (field) => {
		const column = mapping[field];
		return column ? (record[column] ?? '').trim() : '';
	};
	const located = given ? { ok: true as const, point: given, lonInput: given.lon, latInput: given.lat } : mappedPoint(cell, mapping);
	if (!located.ok) return rejection(line, located.column, located.reason);
	const commune = mappedCommune(cell, mapping, options.communes, located.point !== null);
	if ('skipped' in commune) return commune;
	if (!commune.ok) return rejection(line, commune.column, commune.reason);
	const tranche = mappedTranche(cell, mapping);
	if (!tranche.ok) return rejection(line, tranche.column, tranche.reason);

	const categorieJuridique = cell('categorie_juridique');
	const siret = cell('siret');
	const nom = cell('nom');
	const place = commune.code ?? (located.point ? `${located.point.lon},${located.point.lat}` : '');
	// Without an identifier, an actor is known by its name and place, so a re-import updates it.
	const sourceId = cell('source_id') || (siret ? '' : `${foldText(nom)}@${place}`.slice(0, MAX_SOURCE_ID));
	return validateRow(
		actorSchema,
		{
			kind: cell('kind') || (options.defaultKind ?? 'structure_ess'),
			nom,
			sigle: cell('sigle'),
			siren: cell('siren'),
			siret,
			rna: cell('rna'),
			categorie_juridique: categorieJuridique,
			naf: cell('naf'),
			secteur: cell('secteur'),
			tranche_effectifs: tranche.value,
			employeur: cell('employeur'),
			ess: cell('ess') || (categorieJuridique && isEssLegalFamily(categorieJuridique) ? true : null),
			date_creation: cell('date_creation'),
			adresse: cell('adresse'),
			code_postal: cell('code_postal'),
			commune_code: commune.code,
			lon: located.lonInput,
			lat: located.latInput,
			precision: located.point ? 'adresse' : null,
			tags: [...cell('tags').split(TAG_SEPARATORS), ...(options.tags ?? [])],
			notes: cell('notes'),
			source: options.source,
			source_id: sourceId || null,
			contacts: mappedContacts(cell, options.contactLegalBasis ?? DEFAULT_CONTACT_BASIS)
		},
		line,
		columnOfField(mapping)
	);
}

/**
 * The contacts of a partner's list are professional contacts of structures the DLA supports as
 * part of its mission: legitimate interest by default; the user may state another basis.
 */
export const DEFAULT_CONTACT_BASIS: LegalBasis = 'interet_legitime';

/** The identity of an actor within a file: its SIRET, else its identifier (given or derived). */
export function actorKeyOf(mapping: ColumnMapping): (actor: Actor) => DuplicateKey | null {
	return (actor) => {
		if (actor.siret) return { key: `siret:${actor.siret}`, column: mapping.siret ?? 'siret', label: `SIRET ${actor.siret}` };
		if (actor.source_id) return { key: `id:${actor.source_id}`, column: mapping.source_id ?? null, label: `acteur ${actor.nom}` };
		return null;
	};
}

export interface GenericFileOptions extends OpenTableOptions, Omit<GenericOptions, 'mapping' | 'source'> {
	/** The mapping chosen by the user; proposed from the headers when absent. */
	mapping?: ColumnMapping;
}

/** Reads a CSV or XLSX of actors with a column mapping, streaming. */
export async function* readGenericFile(source: ImportSource, options: GenericFileOptions): AsyncGenerator<RowOutcome<Actor>> {
	const table = await openTable(source, options);
	const mapping = options.mapping ?? guessMapping(table.headers);
	const problems = mappingProblems(mapping, table.headers);
	if (problems.length) {
		await table.close();
		throw new ImportFileError(`${options.fileName ? `« ${options.fileName} »` : 'le fichier'} : ${problems.join(' ; ')}`);
	}
	const generic: GenericOptions = { ...options, mapping, source: table.info.container };
	yield* mapRows(table.rows, (record, line) => mapGenericRow(record, line, generic), actorKeyOf(mapping));
}
