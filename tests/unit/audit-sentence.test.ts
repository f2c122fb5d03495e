import { describe, expect, it } from 'vitest';
import {
	ACTOR_FIELD_PHRASES,
	auditCategory,
	auditSentence,
	changedFieldsPhrase,
	changedKeys,
	onlyChanges,
	isSignIn,
	shortPersonName
} from '../../src/lib/domain/audit-sentence';

const actorBefore = {
	id: 7,
	nom: 'Foyer rural de Château-Salins',
	adresse: '1 rue de la Gare',
	code_postal: '57170',
	siret: '12345678900011',
	siren: '123456789',
	lon: 6.51,
	lat: 48.82,
	tags: ['culture']
};

describe('auditSentence', () => {
	it('names who changed which field of which actor', () => {
		const entry = {
			action: 'update',
			entity: 'actor',
			entityId: '7',
			before: actorBefore,
			after: { ...actorBefore, id: undefined, adresse: '3 rue de la Gare', secteur_source: 'naf' }
		};
		expect(auditSentence(entry, { who: 'Marie D.', subject: 'Foyer rural de Château-Salins' })).toBe(
			'Marie D. a modifié l’adresse de Foyer rural de Château-Salins'
		);
	});

	it('names the sector only when it was chosen, not when it follows the NAF code', () => {
		const entry = { action: 'update', entity: 'actor', entityId: '7', before: { ...actorBefore, secteur: null } };
		const follows = { ...entry, after: { ...actorBefore, adresse: 'x', secteur: 'culture', secteur_source: 'naf' } };
		expect(auditSentence(follows, { who: 'A', subject: 'B' })).toBe('A a modifié l’adresse de B');
		const chosen = { ...entry, after: { ...actorBefore, secteur: 'culture', secteur_source: 'explicite' } };
		expect(auditSentence(chosen, { who: 'A', subject: 'B' })).toBe('A a modifié le secteur de B');
	});

	it('joins a few fields, counts the rest, and leaves derived fields to the one they follow', () => {
		expect(changedFieldsPhrase(['nom', 'sigle'], ACTOR_FIELD_PHRASES)).toBe('le nom et le sigle');
		expect(changedFieldsPhrase(['siret', 'siren'], ACTOR_FIELD_PHRASES)).toBe('le SIRET');
		expect(changedFieldsPhrase(['lon', 'lat'], ACTOR_FIELD_PHRASES)).toBe('la position sur la carte');
		expect(changedFieldsPhrase(['nom', 'sigle', 'adresse', 'code_postal', 'notes'], ACTOR_FIELD_PHRASES)).toBe(
			'le nom, le sigle et 3 autres champs'
		);
	});

	it('compares only what both sides carry, numbers up to rounding', () => {
		expect(changedKeys({ id: 1, lon: 6.1, nom: 'A' }, { lon: 6.1 + 1e-12, nom: 'A', secteur_source: 'naf' })).toEqual([]);
		expect(changedKeys({ tags: ['a'] }, { tags: ['a', 'b'] })).toEqual(['tags']);
		expect(changedKeys(null, { nom: 'A' })).toEqual([]);
	});

	it('keeps of an edit only the fields that changed, before and after', () => {
		const before = { nom: 'A', adresse: '1 rue de la Gare', secteur: 'social_sans_hebergement', lon: 6.1 };
		const after = { nom: 'A', adresse: '3 rue de la Gare', secteur: 'social_sans_hebergement', lon: 6.1 + 1e-12, version: 4 };
		expect(onlyChanges(before, after)).toEqual({ before: { adresse: '1 rue de la Gare' }, after: { adresse: '3 rue de la Gare' } });
		expect(onlyChanges(before, { ...before })).toEqual({ before: {}, after: {} });
	});

	it('says an unchanged save, and the article of names (« du », « d’ »)', () => {
		const entry = { action: 'update', entity: 'actor', entityId: '7', before: actorBefore, after: actorBefore };
		expect(auditSentence(entry, { who: 'Paul M.', subject: 'Le Relais' })).toBe('Paul M. a enregistré la fiche du Relais sans changement');
		const renamed = { ...entry, after: { ...actorBefore, nom: 'Amicale laïque' } };
		expect(auditSentence(renamed, { who: 'Paul M.', subject: null })).toBe('Paul M. a modifié le nom d’Amicale laïque');
	});

	it('words the account events, the system standing in for no one', () => {
		const created = { action: 'create', entity: 'app_user', entityId: '3', before: null, after: { email: 'l@x.fr', role: 'lecteur' } };
		expect(auditSentence(created, { who: 'Marie D.', subject: 'Lucie B.' })).toBe('Marie D. a créé le compte de Lucie B. (lecteur·rice)');
		expect(auditSentence({ ...created, after: { ...created.after, via: 'cli' } }, { who: null, subject: 'Lucie B.' })).toBe(
			'Le compte de Lucie B. (lecteur·rice) a été créé en ligne de commande'
		);
		const changed = {
			action: 'update',
			entity: 'app_user',
			entityId: '3',
			before: { email: 'l@x.fr', role: 'lecteur', disabled: false },
			after: { email: 'l@x.fr', role: 'charge_mission', disabled: true }
		};
		expect(auditSentence(changed, { who: 'Marie D.', subject: 'Lucie B.' })).toBe(
			'Marie D. a changé le rôle de Lucie B. : lecteur·rice → chargé·e de mission et a désactivé le compte de Lucie B.'
		);
		const login = { action: 'login', entity: 'app_user', entityId: '3', before: null, after: null };
		expect(auditSentence(login, { who: 'Lucie B.', subject: 'Lucie B.' })).toBe('Connexion de Lucie B.');
		const reset = { action: 'password_reset', entity: 'app_user', entityId: '3', before: null, after: null };
		expect(auditSentence(reset, { who: null, subject: null })).toBe(
			'n° 3 a choisi un nouveau mot de passe par un lien de réinitialisation'
		);
	});

	it('words trips, imports, shares and the contact purge', () => {
		const trip = { entity: 'trip', entityId: '4', before: null };
		expect(
			auditSentence({ ...trip, action: 'create', after: { name: 'Saulnois', actor_ids: [1, 2, 3] } }, { who: 'Marie D.', subject: null })
		).toBe('Marie D. a créé la tournée « Saulnois » (3 étapes)');
		expect(
			auditSentence(
				{
					...trip,
					action: 'update',
					before: { name: 'Saulnois', date_start: '2026-12-01', created_at: 'x' },
					after: { name: 'Saulnois', date_start: '2026-12-02' }
				},
				{ who: 'Marie D.', subject: 'Saulnois' }
			)
		).toBe('Marie D. a modifié les dates de la tournée « Saulnois »');
		expect(
			auditSentence(
				{ ...trip, action: 'visit', after: { status: 'fait', actor_id: 9 } },
				{ who: 'Marie D.', subject: 'Saulnois', actor: 'Épicerie solidaire' }
			)
		).toBe('Marie D. a noté la visite d’Épicerie solidaire comme faite dans la tournée « Saulnois »');
		expect(
			auditSentence(
				{
					action: 'import',
					entity: 'import',
					entityId: '2',
					before: null,
					after: { fichier: 'sirene.csv', imported: 120, updated: 1, rejected: 0 }
				},
				{ who: 'Marie D.', subject: null }
			)
		).toBe('Marie D. a importé « sirene.csv » : 120 créés et 1 mis à jour');
		expect(
			auditSentence(
				{
					action: 'create',
					entity: 'portrait_share',
					entityId: '1',
					before: null,
					after: { level: 'epci', code: '200067874', de: 2020, a: 2025 }
				},
				{ who: 'Marie D.', subject: 'CC du Saulnois' }
			)
		).toBe('Marie D. a créé un lien de partage du portrait de CC du Saulnois (2020–2025)');
		expect(
			auditSentence(
				{ action: 'retention_purge', entity: 'contact', entityId: null, before: null, after: { count: 4, months: 36 } },
				{ who: null, subject: null }
			)
		).toBe('Purge automatique : 4 contacts effacés après 36 mois sans échange');
	});

	it('still says something readable of an event it does not know', () => {
		expect(
			auditSentence({ action: 'archive', entity: 'parcours', entityId: '5', before: null, after: null }, { who: 'Marie D.', subject: null })
		).toBe('Marie D. : archive sur parcours n° 5');
	});
});

describe('kinds of events', () => {
	it('files each entity under its kind, and keeps sign-ins apart', () => {
		expect(auditCategory({ entity: 'actor' })).toBe('acteurs');
		expect(auditCategory({ entity: 'contact' })).toBe('acteurs');
		expect(auditCategory({ entity: 'trip' })).toBe('tournees');
		expect(auditCategory({ entity: 'portrait_share' })).toBe('partages');
		expect(auditCategory({ entity: 'parcours' })).toBe('autres');
		expect(isSignIn({ entity: 'app_user', action: 'login' })).toBe(true);
		expect(isSignIn({ entity: 'app_user', action: 'password_change' })).toBe(true);
		expect(isSignIn({ entity: 'app_user', action: 'create' })).toBe(false);
		expect(isSignIn({ entity: 'actor', action: 'login' })).toBe(false);
	});

	it('shortens a person’s name to a first name and an initial', () => {
		expect(shortPersonName('Marie Dupont')).toBe('Marie D.');
		expect(shortPersonName('Jean-Paul de la Tour')).toBe('Jean-Paul T.');
		expect(shortPersonName('Admin')).toBe('Admin');
		expect(shortPersonName('', 'a@b.fr')).toBe('a@b.fr');
		expect(shortPersonName(null)).toBeNull();
	});
});
