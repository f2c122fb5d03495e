// A newsletter's blocks with their content fetched: the accompaniments of structures that agreed
// to be named, a territory figure from the portraits. Resolved once when the issue is sent (the
// archive keeps what was sent) and on every preview.
import { sql, type Kysely } from 'kysely';
import { STAGE_LABELS, type AccompanimentStage } from '../../domain/stages';
import type { NewsletterBlock } from '../../schemas/promotion';
import type { Database, TerritoryLevel } from '../db/schema';

export interface AccompanimentItem {
	nom: string;
	commune: string;
	etape: string;
	annee: number | null;
}

export type ResolvedBlock =
	| { type: 'texte'; titre: string; texte: string }
	| { type: 'accompagnements'; items: AccompanimentItem[] }
	| { type: 'chiffre'; valeur: string; phrase: string }
	| { type: 'liens'; liens: { label: string; url: string }[] };

export interface ResolvedNewsletter {
	titre: string;
	expediteur: string;
	blocks: ResolvedBlock[];
}

/** A territory's figure as the portraits count it; the caller brings the portrait (it is cached there). */
export type FigureSource = (level: TerritoryLevel, code: string) => Promise<{ valeur: string; phrase: string } | null>;

/** The latest accompaniments of structures that agreed to be named (`publication_nom`), most recent first. */
export async function namedAccompaniments(db: Kysely<Database>, limit: number): Promise<AccompanimentItem[]> {
	const { rows } = await sql<{ nom: string; commune: string; stage: AccompanimentStage; last_date: string | null }>`
		SELECT DISTINCT ON (a.id) a.nom, t.nom AS commune, ac.stage,
			greatest(ac.date_accueil, ac.date_diagnostic, ac.date_plan, ac.date_ingenierie, ac.date_suivi, ac.date_fin)::text AS last_date
		FROM accompaniment ac
		JOIN actor a ON a.id = ac.actor_id AND a.publication_nom
		JOIN territory t ON t.level = 'commune' AND t.code = a.commune_code
		ORDER BY a.id, last_date DESC NULLS LAST`.execute(db);
	return rows
		.sort((x, y) => (y.last_date ?? '').localeCompare(x.last_date ?? ''))
		.slice(0, limit)
		.map((r) => ({
			nom: r.nom,
			commune: r.commune,
			etape: STAGE_LABELS[r.stage],
			annee: r.last_date ? Number(r.last_date.slice(0, 4)) : null
		}));
}

export async function resolveNewsletter(
	db: Kysely<Database>,
	newsletter: { titre: string; blocks: NewsletterBlock[] },
	options: { expediteur: string; figure: FigureSource }
): Promise<ResolvedNewsletter> {
	const blocks: ResolvedBlock[] = [];
	for (const block of newsletter.blocks) {
		if (block.type === 'accompagnements') blocks.push({ type: 'accompagnements', items: await namedAccompaniments(db, block.nombre) });
		else if (block.type === 'chiffre') {
			const figure = await options.figure(block.level, block.code);
			if (figure) blocks.push({ type: 'chiffre', ...figure });
		} else blocks.push(block);
	}
	return { titre: newsletter.titre, expediteur: options.expediteur, blocks };
}
