// A newsletter's blocks with their content fetched: the accompaniments of structures that agreed
// to be named, the next events, a testimonial, a territory figure from the portraits. Resolved
// once when the issue is sent (the archive keeps what was sent) and on every preview; a
// testimonial is checked again at every later read (`withCurrentTestimonials`): withdrawn, it
// leaves the web version of issues already sent.
import { sql, type Kysely } from 'kysely';
import { todayIn } from '../../domain/parcours/calendar';
import { STAGE_LABELS, type AccompanimentStage } from '../../domain/stages';
import type { PublishedTestimonial } from '../../dto/testimonial';
import type { NewsletterBlock } from '../../schemas/promotion';
import { RENCONTRE_KIND_LABELS } from '../../schemas/rencontre';
import type { Database, TerritoryLevel } from '../db/schema';
import { upcomingRencontres } from '../queries/events';
import { publishedTestimonials } from '../queries/testimonials';

export interface AccompanimentItem {
	nom: string;
	commune: string;
	etape: string;
	annee: number | null;
}

export interface RencontreItem {
	titre: string;
	/** The kind in words (« Atelier thématique »). */
	type: string;
	date: string;
	commune: string | null;
}

export type ResolvedBlock =
	| { type: 'texte'; titre: string; texte: string }
	| { type: 'accompagnements'; items: AccompanimentItem[] }
	| { type: 'rencontres'; items: RencontreItem[] }
	| { type: 'temoignage'; temoignage: PublishedTestimonial }
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
		else if (block.type === 'rencontres') blocks.push({ type: 'rencontres', items: await nextRencontres(db, block.nombre) });
		else if (block.type === 'temoignage') {
			const published = await publishedTestimonials(db, 'newsletter');
			const temoignage = block.id === null ? published[0] : published.find((t) => t.id === block.id);
			if (temoignage) blocks.push({ type: 'temoignage', temoignage });
		} else if (block.type === 'chiffre') {
			const figure = await options.figure(block.level, block.code);
			if (figure) blocks.push({ type: 'chiffre', ...figure });
		} else blocks.push(block);
	}
	return { titre: newsletter.titre, expediteur: options.expediteur, blocks };
}

/** The next events, planned or confirmed, from today: title, kind, date and commune, nothing else. */
export async function nextRencontres(db: Kysely<Database>, limit: number, today = todayIn()): Promise<RencontreItem[]> {
	const rows = await upcomingRencontres(db, today, { statuses: ['projet', 'confirme'], limit });
	return rows.map((r) => ({ titre: r.titre, type: RENCONTRE_KIND_LABELS[r.kind], date: r.date, commune: r.commune }));
}

/**
 * The blocks of an issue as they may be shown now: each testimonial read again, gone when it was
 * withdrawn (or no longer allows the newsletter), its names as its consents allow today.
 */
export async function withCurrentTestimonials(db: Kysely<Database>, newsletter: ResolvedNewsletter): Promise<ResolvedNewsletter> {
	if (!newsletter.blocks.some((b) => b.type === 'temoignage')) return newsletter;
	const current = new Map((await publishedTestimonials(db, 'newsletter')).map((t) => [t.id, t]));
	const blocks = newsletter.blocks.flatMap((b): ResolvedBlock[] => {
		if (b.type !== 'temoignage') return [b];
		const now = current.get(b.temoignage.id);
		return now ? [{ type: 'temoignage', temoignage: now }] : [];
	});
	return { ...newsletter, blocks };
}
