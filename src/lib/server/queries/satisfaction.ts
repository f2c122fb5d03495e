// Satisfaction questionnaires (migration 0018): links created by the team after an ingénierie
// (audited), opened and answered without a session through /questionnaire/[token]. Only the token's
// SHA-256 is stored; a link answers once (the answer is written only where none is yet, in the
// same statement, so two submissions at once cannot both pass) and not after it expires.
import { sql, type Kysely } from 'kysely';
import { aggregateSatisfaction, type EffectKey, type SatisfactionYear, type SurveyAnswer } from '../../domain/satisfaction/aggregate';
import type { SatisfactionAnswer } from '../../schemas/satisfaction';
import { randomToken, sha256 } from '../auth/crypto';
import { recordAudit, type AuditActor } from '../audit';
import type { Database } from '../db/schema';
import { refuse, type Outcome } from './outcome';

const DAY_MS = 86_400_000;

/** Creates a link for a parcours whose ingénierie has started; the token exists in clear only here. */
export async function createSurveyLink(
	db: Kysely<Database>,
	who: AuditActor,
	accompanimentId: number,
	days: number,
	now = new Date()
): Promise<Outcome<{ id: number; token: string; expires_at: Date }>> {
	const parcours = await db
		.selectFrom('accompaniment')
		.select(['id', 'date_ingenierie'])
		.where('id', '=', accompanimentId)
		.executeTakeFirst();
	if (!parcours) return refuse(404, `aucun parcours n° ${accompanimentId}`, 'id');
	if (!parcours.date_ingenierie)
		return refuse(409, 'le questionnaire se propose après l’ingénierie : ce parcours n’en a pas encore', 'date_ingenierie');
	const token = randomToken();
	const expires = new Date(now.getTime() + days * DAY_MS);
	return db.transaction().execute(async (tx) => {
		const row = await tx
			.insertInto('satisfaction_survey')
			.values({
				accompaniment_id: accompanimentId,
				token_hash: sha256(token),
				created_by: who.id > 0 ? who.id : null,
				created_at: now,
				expires_at: expires
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordAudit(tx, who, {
			action: 'create',
			entity: 'satisfaction_survey',
			entityId: row.id,
			after: { accompaniment_id: accompanimentId, expires_at: expires.toISOString() }
		});
		return { ok: true as const, id: row.id, token, expires_at: expires };
	});
}

export type SurveyResolution =
	| { status: 'valid'; survey: { id: number; structure: string; expires_at: Date } }
	| { status: 'unknown' }
	| { status: 'answered' }
	| { status: 'expired' };

/** What a token opens: a questionnaire to answer, or why not. */
export async function resolveSurvey(db: Kysely<Database>, token: string, now = new Date()): Promise<SurveyResolution> {
	if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { status: 'unknown' };
	const row = await db
		.selectFrom('satisfaction_survey as s')
		.innerJoin('accompaniment as ac', 'ac.id', 's.accompaniment_id')
		.innerJoin('actor as a', 'a.id', 'ac.actor_id')
		.select(['s.id', 's.expires_at', 's.answered_at', 'a.nom'])
		.where('s.token_hash', '=', sha256(token))
		.executeTakeFirst();
	if (!row) return { status: 'unknown' };
	if (row.answered_at) return { status: 'answered' };
	if (row.expires_at.getTime() <= now.getTime()) return { status: 'expired' };
	return { status: 'valid', survey: { id: row.id, structure: row.nom, expires_at: row.expires_at } };
}

export const SURVEY_MESSAGES = {
	unknown: 'Ce lien de questionnaire n’existe pas.',
	answered: 'Ce questionnaire a déjà reçu une réponse : merci, elle a bien été enregistrée. Une seule réponse est possible par lien.',
	expired: 'Ce lien de questionnaire a expiré. Demandez un nouveau lien au DLA.'
} as const;

/** Records the one answer of a link; refused (410) when answered already or expired. */
export async function answerSurvey(
	db: Kysely<Database>,
	token: string,
	answer: SatisfactionAnswer,
	now = new Date()
): Promise<Outcome<{ id: number }>> {
	const resolved = await resolveSurvey(db, token, now);
	if (resolved.status === 'unknown') return refuse(404, SURVEY_MESSAGES.unknown, 'token');
	if (resolved.status !== 'valid') return refuse(410, SURVEY_MESSAGES[resolved.status], 'token');
	const effets = new Set(answer.effets);
	return db.transaction().execute(async (tx) => {
		const row = await tx
			.updateTable('satisfaction_survey')
			.set({
				answered_at: now,
				note_diagnostic: answer.note_diagnostic,
				note_prestataire: answer.note_prestataire,
				note_dla: answer.note_dla,
				effet_emplois: effets.has('emplois'),
				effet_finances: effets.has('finances'),
				effet_gouvernance: effets.has('gouvernance'),
				commentaire: answer.commentaire
			})
			.where('id', '=', resolved.survey.id)
			.where('answered_at', 'is', null)
			.where('expires_at', '>', now)
			.returning('id')
			.executeTakeFirst();
		if (!row) return refuse(410, SURVEY_MESSAGES.answered, 'token');
		await recordAudit(tx, null, { action: 'answer', entity: 'satisfaction_survey', entityId: row.id });
		return { ok: true as const, id: row.id };
	});
}

/**
 * The answers of years [de, a] (the year of the answer), with the prestataire of the ingénierie
 * (the parcours' own, else the collective ingénierie's) and its themes (else the collective's).
 */
export async function surveyAnswers(db: Kysely<Database>, de: number, a: number): Promise<SurveyAnswer[]> {
	const { rows } = await sql<{
		year: number;
		prestataire: string | null;
		themes: string[];
		note_diagnostic: number;
		note_prestataire: number;
		note_dla: number;
		effet_emplois: boolean;
		effet_finances: boolean;
		effet_gouvernance: boolean;
	}>`
		SELECT extract(year FROM s.answered_at)::int AS year,
			coalesce(p.nom, ac.prestataire_nom) AS prestataire,
			CASE WHEN cardinality(ac.themes) > 0 THEN ac.themes WHEN ic.theme IS NOT NULL THEN ARRAY[ic.theme] ELSE ARRAY[]::text[] END AS themes,
			s.note_diagnostic, s.note_prestataire, s.note_dla, s.effet_emplois, s.effet_finances, s.effet_gouvernance
		FROM satisfaction_survey s
		JOIN accompaniment ac ON ac.id = s.accompaniment_id
		LEFT JOIN ingenierie_collective ic ON ic.id = ac.ingenierie_collective_id
		LEFT JOIN actor p ON p.id = coalesce(ac.prestataire_id, ic.prestataire_id)
		WHERE s.answered_at IS NOT NULL
			AND s.answered_at >= make_date(${de}::int, 1, 1) AND s.answered_at < make_date(${a + 1}::int, 1, 1)
		ORDER BY s.id`.execute(db);
	return rows.map((r) => ({
		year: r.year,
		prestataire: r.prestataire,
		themes: r.themes,
		note_diagnostic: r.note_diagnostic,
		note_prestataire: r.note_prestataire,
		note_dla: r.note_dla,
		effets: (['emplois', 'finances', 'gouvernance'] as const).filter((k): k is EffectKey => r[`effet_${k}`])
	}));
}

/** The results per year of [de, a] (years without answers are absent). */
export async function satisfactionByYear(db: Kysely<Database>, de: number, a: number): Promise<SatisfactionYear[]> {
	return aggregateSatisfaction(await surveyAnswers(db, de, a));
}
