import { describe, expect, it } from 'vitest';
import { accompanimentImportSchema, accompanimentSchema } from '../../src/lib/schemas/accompaniment';
import { contactLogSchema } from '../../src/lib/schemas/contact-log';

function issues(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }): Record<string, string> {
	return Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));
}

describe('accompaniment schema', () => {
	it('reads a parcours typed in a sheet', () => {
		const parsed = accompanimentSchema.parse({
			stage: 'Ingénierie',
			date_accueil: '12/01/2024',
			date_diagnostic: '2024-02-20',
			date_plan: '2024-03-05',
			date_ingenierie: '02/04/2024',
			ingenierie_type: 'Collective',
			themes: 'numerique; Modele socio-economique & gestion financiere;Mécénat de compétences',
			prestataire: 'Cabinet Lorrain Conseil',
			budget_eur: '4 500,00 €',
			jours: '4,5',
			emplois_cdi: '6',
			emplois_cdd: '2',
			emplois_consolides: '5',
			next_followup: '2024-10-01'
		});
		expect(parsed).toMatchObject({
			stage: 'ingenierie',
			date_accueil: '2024-01-12',
			date_ingenierie: '2024-04-02',
			date_suivi: null,
			ingenierie_type: 'collective',
			themes: ['Numérique', 'Modèle socio-économique & gestion financière', 'Mécénat de compétences'],
			budget_eur: 4500,
			jours: 4.5,
			emplois_consolides: 5
		});
	});

	it('requires the date of the stage reached', () => {
		expect(issues(accompanimentSchema.safeParse({ stage: 'diagnostic', date_accueil: '2024-01-12' }))).toEqual({
			date_diagnostic: 'étape « Diagnostic partagé » sans date : renseigner date_diagnostic'
		});
	});

	it('refuses dates of stages not reached yet, and dates going back in time', () => {
		expect(
			issues(
				accompanimentSchema.safeParse({
					stage: 'diagnostic',
					date_accueil: '2024-03-01',
					date_diagnostic: '2024-02-01',
					date_suivi: '2024-09-01'
				})
			)
		).toEqual({
			date_suivi: 'date_suivi renseignée alors que le parcours est à l’étape « Diagnostic partagé » : corriger l’étape ou la date',
			date_diagnostic: 'date_diagnostic (2024-02-01) antérieure à date_accueil (2024-03-01) : les étapes se suivent dans le temps'
		});
		expect(issues(accompanimentSchema.safeParse({ stage: 'accueil', date_accueil: '2024-03-01', next_followup: '2024-01-01' }))).toEqual({
			next_followup: 'prochain suivi (2024-01-01) antérieur à l’accueil (2024-03-01)'
		});
	});

	it('dates an interrupted parcours by its end or its last stage', () => {
		expect(accompanimentSchema.safeParse({ stage: 'oriente', date_accueil: '2024-03-01' }).success).toBe(true);
		expect(
			accompanimentSchema.safeParse({ stage: 'abandon', date_accueil: '2024-03-01', date_diagnostic: '2024-04-01', date_fin: '2024-05-02' })
				.success
		).toBe(true);
		expect(issues(accompanimentSchema.safeParse({ stage: 'Non éligible' }))).toEqual({
			date_fin: 'parcours « Non éligible » sans aucune date : renseigner date_fin ou la date de la dernière étape atteinte'
		});
		expect(issues(accompanimentSchema.safeParse({ stage: 'abandon', date_diagnostic: '2024-04-01', date_fin: '2024-03-02' }))).toEqual({
			date_fin: 'date_fin (2024-03-02) antérieure à date_diagnostic (2024-04-01)'
		});
		expect(issues(accompanimentSchema.safeParse({ stage: 'plan', date_plan: '2024-04-01', date_fin: '2024-05-02' }))).toEqual({
			date_fin: 'date_fin renseignée alors que le parcours est en cours (étape « Élaboration du parcours »)'
		});
	});

	it('checks figures and stage names', () => {
		expect(issues(accompanimentSchema.safeParse({ stage: 'conseil', budget_eur: '-10', jours: 'trois', emplois_cdi: '1,5' }))).toEqual({
			stage:
				'étape : « conseil » n’est pas dans la liste (attendu : accueil, diagnostic, plan, ingenierie, suivi, oriente, abandon, non_eligible)',
			budget_eur: 'budget (€) : au moins 0',
			jours: 'jours : nombre attendu',
			emplois_cdi: 'emplois en CDI : nombre entier attendu'
		});
		expect(
			issues(
				accompanimentSchema.safeParse({
					stage: 'suivi',
					date_accueil: '2023-01-01',
					date_suivi: '2024-01-01',
					emplois_cdi: 2,
					emplois_cdd: 1,
					emplois_consolides: 4
				})
			)
		).toEqual({
			emplois_consolides: 'emplois consolidés (4) supérieurs aux emplois concernés (CDI + CDD = 3)'
		});
	});

	it('needs the structure when it comes from a file', () => {
		expect(issues(accompanimentImportSchema.safeParse({ stage: 'accueil', date_accueil: '2024-03-01' }))).toEqual({
			siret: 'structure non identifiée : renseigner siret ou actor_id'
		});
		expect(accompanimentImportSchema.parse({ stage: 'accueil', date_accueil: '2024-03-01', actor_id: '42' }).actor_id).toBe(42);
	});
});

describe('contact log schema', () => {
	it('reads a dated interaction and refuses an impossible date or an unknown kind', () => {
		expect(contactLogSchema.parse({ date: '05/03/2024', type: 'Réunion', who: ' Mme Klein ', note: '' })).toEqual({
			actor_id: null,
			date: '2024-03-05',
			type: 'reunion',
			who: 'Mme Klein',
			note: null
		});
		expect(issues(contactLogSchema.safeParse({ date: '30/02/2024', type: 'sms' }))).toEqual({
			date: 'date : « 30/02/2024 » n’existe pas dans le calendrier',
			type: 'type d’échange : « sms » n’est pas dans la liste (attendu : visite, appel, courriel, reunion, evenement)'
		});
		expect(issues(contactLogSchema.safeParse({ type: 'appel' }))).toEqual({ date: 'date obligatoire' });
	});
});
