import { describe, expect, it } from 'vitest';
import { actorSchema, contactSchema, type ActorInput } from '../../src/lib/schemas/actor';
import { siretOf, sirenOf } from '../fixtures/imports/builders';

const siren = sirenOf(48213579);
const siret = siretOf(siren, 12);

function actor(overrides: Partial<Record<keyof ActorInput, unknown>> = {}) {
	return { kind: 'structure_ess', nom: 'Les Jardins de Borny', commune_code: '57463', source: 'saisie', ...overrides };
}

function messages(input: unknown): Record<string, string> {
	const parsed = actorSchema.safeParse(input);
	if (parsed.success) return {};
	return Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.'), i.message]));
}

describe('actor schema', () => {
	it('normalises what a form or a sheet holds and derives the rest', () => {
		const parsed = actorSchema.parse(
			actor({
				kind: 'Structure de l’ESS',
				nom: '  Les Jardins de Borny ',
				siret: `${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}`,
				naf: '8899b',
				categorie_juridique: '9260',
				tranche_effectifs: '2',
				date_creation: '15/04/1998',
				code_postal: '7000',
				lon: '6,1757',
				lat: '49,1193',
				tags: 'insertion; jardins ;insertion',
				employeur: 'Oui',
				contacts: [{ nom: 'Claire Martin', email: 'c.martin@example.org', telephone: '03 87 00 00 00', base_legale: 'Intérêt légitime' }]
			})
		);
		expect(parsed).toMatchObject({
			kind: 'structure_ess',
			nom: 'Les Jardins de Borny',
			siren,
			siret,
			naf: '88.99B',
			secteur: 'social_sans_hebergement',
			famille_juridique: 'association',
			tranche_effectifs: '02',
			employeur: true,
			date_creation: '1998-04-15',
			code_postal: '07000',
			lon: 6.1757,
			lat: 49.1193,
			precision: 'adresse',
			tags: ['insertion', 'jardins'],
			sigle: null,
			notes: null,
			source_id: null
		});
		expect(parsed.contacts[0]).toEqual({
			nom: 'Claire Martin',
			role: null,
			email: 'c.martin@example.org',
			telephone: '0387000000',
			base_legale: 'interet_legitime'
		});
	});

	it('derives the employer flag from the size band and places an actor without point in its commune', () => {
		const parsed = actorSchema.parse(actor({ tranche_effectifs: 'NN', precision: 'adresse' }));
		expect(parsed.employeur).toBe(false);
		expect(parsed.precision).toBe('commune');
		expect(parsed.lon).toBeNull();
	});

	it('keeps a sector given explicitly, by code or label, over the one of the NAF code', () => {
		expect(actorSchema.parse(actor({ secteur: 'culture' }))).toMatchObject({ secteur: 'culture', secteur_source: 'explicite' });
		expect(actorSchema.parse(actor({ secteur: 'culture', naf: '93.12Z' }))).toMatchObject({
			secteur: 'culture',
			secteur_source: 'explicite'
		});
		expect(actorSchema.parse(actor({ secteur: 'ARTS, spectacles & Patrimoine', naf: '93.12Z' })).secteur).toBe('culture');
		expect(actorSchema.parse(actor({ secteur: '', naf: '93.12Z' }))).toMatchObject({ secteur: 'sport_loisirs', secteur_source: 'naf' });
		expect(messages(actor({ secteur: 'jardinage' }))).toEqual({ secteur: 'secteur « jardinage » inconnu' });
	});

	it('says in French what is wrong, field by field', () => {
		expect(
			messages({
				kind: 'association',
				nom: '  ',
				siret: '12345678901234',
				rna: 'W57200123',
				categorie_juridique: '92',
				naf: '88,99',
				tranche_effectifs: '99',
				date_creation: '31/02/2024',
				code_postal: '570000',
				commune_code: '57-463',
				lon: '190',
				employeur: 'peut-être',
				source: 'fichier'
			})
		).toEqual({
			kind: 'type d’acteur : « association » n’est pas dans la liste (attendu : structure_ess, collectivite, partenaire, initiative)',
			nom: 'nom obligatoire',
			siret: 'SIRET « 12345678901234 » : clé de contrôle (Luhn) du SIREN invalide',
			rna: 'numéro RNA « W57200123 » : W suivi de 9 caractères attendu (ex. W572001234)',
			categorie_juridique: 'catégorie juridique : 4 chiffres attendus (ex. 9220)',
			naf: 'code NAF « 88,99 » : format 88.99B attendu',
			tranche_effectifs: 'tranche d’effectifs « 99 » inconnue (NN, 00, 01… 53)',
			date_creation: 'date de création : « 31/02/2024 » n’existe pas dans le calendrier',
			code_postal: 'code postal : 5 chiffres attendus',
			commune_code: 'code commune INSEE : 5 caractères attendus (ex. 57463, 2A004)',
			lon: 'longitude : au plus 180',
			employeur: 'employeur : « oui » ou « non » attendu',
			source: 'source : sirene, rna, csv, xlsx, geojson, saisie, demo, cog'
		});
	});

	it('checks that the parts fit together', () => {
		expect(messages(actor({ siren: sirenOf(11111111), siret }))).toEqual({
			siren: `le SIREN ${sirenOf(11111111)} n’est pas le début du SIRET ${siret}`
		});
		expect(messages(actor({ lon: 6.17 }))).toEqual({ lat: 'longitude sans latitude' });
		expect(messages(actor({ commune_code: '' }))).toEqual({ commune_code: 'ni commune ni coordonnées : impossible de situer l’acteur' });
		// A point is enough: the database finds its commune.
		expect(actorSchema.parse(actor({ commune_code: null, lon: 6.17, lat: 49.11 })).commune_code).toBeNull();
	});

	it('accepts Corsican communes, RNA numbers and La Poste SIRETs', () => {
		const parsed = actorSchema.parse(actor({ commune_code: '2a004', rna: 'w2a1000123', siret: '35600000000010' }));
		expect(parsed.commune_code).toBe('2A004');
		expect(parsed.rna).toBe('W2A1000123');
		expect(parsed.siret).toBe('35600000000010');
		expect(parsed.siren).toBe('356000000');
	});

	it('validates the contact persons, who are personal data with a legal basis', () => {
		const result = contactSchema.safeParse({ nom: 'A. Weber', email: 'pas-un-courriel', telephone: '12', base_legale: '' });
		expect(result.success).toBe(false);
		expect(Object.fromEntries(result.error!.issues.map((i) => [i.path.join('.'), i.message]))).toEqual({
			email: 'adresse électronique invalide',
			telephone: 'téléphone : 10 chiffres (03 87 …) ou format international (+33 3 87 …)',
			base_legale: 'base légale (RGPD) obligatoire'
		});
		expect(contactSchema.parse({ nom: 'A. Weber', telephone: '+33 3 87 00 00 00', base_legale: 'consentement' }).telephone).toBe(
			'+33387000000'
		);
	});
});
