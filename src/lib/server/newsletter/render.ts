// A newsletter as email HTML, through MJML (a maintained email-HTML library: the tables and the
// Outlook conditionals are its job, not ours). https://documentation.mjml.io/
// The same rendering serves the preview, each recipient's message (with their unsubscribe link)
// and the public web version (no unsubscribe link, no recipient data).
import mjml2html from 'mjml';
import { formatDate } from '../../domain/format';
import type { ResolvedBlock, ResolvedNewsletter } from './content';

export interface RenderLinks {
	/** The recipient's one-click unsubscribe link; null on the web version. */
	unsubscribeUrl: string | null;
	/** The public web version; null when not yet sent (preview). */
	webUrl: string | null;
}

const escapeHtml = (text: string) =>
	text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Paragraphs separated by blank lines, line breaks kept; no markup from the author reaches the mail. */
const paragraphs = (text: string) =>
	text
		.split(/\n\s*\n/)
		.map((p) => `<p style="margin:0 0 12px">${escapeHtml(p.trim()).replace(/\n/g, '<br>')}</p>`)
		.join('');

const BLUE = '#1f4e79';

function blockMjml(block: ResolvedBlock): string {
	switch (block.type) {
		case 'texte':
			return `<mj-section padding="8px 0"><mj-column>
				${block.titre ? `<mj-text font-size="20px" font-weight="700" color="${BLUE}">${escapeHtml(block.titre)}</mj-text>` : ''}
				<mj-text font-size="15px" line-height="1.5">${paragraphs(block.texte)}</mj-text>
			</mj-column></mj-section>`;
		case 'accompagnements':
			return `<mj-section padding="8px 0"><mj-column>
				<mj-text font-size="18px" font-weight="700" color="${BLUE}">Ils ont été accompagnés</mj-text>
				${
					block.items.length
						? block.items
								.map(
									(i) =>
										`<mj-text font-size="15px" padding-top="4px" padding-bottom="4px"><strong>${escapeHtml(i.nom)}</strong> — ${escapeHtml(i.commune)}<br><span style="color:#555">${escapeHtml(i.etape)}${i.annee ? `, ${i.annee}` : ''}</span></mj-text>`
								)
								.join('')
						: '<mj-text font-size="15px" color="#555">Aucun accompagnement récent à citer.</mj-text>'
				}
			</mj-column></mj-section>`;
		case 'rencontres':
			return `<mj-section padding="8px 0"><mj-column>
				<mj-text font-size="18px" font-weight="700" color="${BLUE}">Prochaines rencontres</mj-text>
				${
					block.items.length
						? block.items
								.map(
									(r) =>
										`<mj-text font-size="15px" padding-top="4px" padding-bottom="4px"><strong>${escapeHtml(formatDate(r.date))}</strong> — ${escapeHtml(r.titre)}<br><span style="color:#555">${escapeHtml(r.type)}${r.commune ? `, ${escapeHtml(r.commune)}` : ''}</span></mj-text>`
								)
								.join('')
						: '<mj-text font-size="15px" color="#555">Pas de rencontre annoncée pour l’instant.</mj-text>'
				}
			</mj-column></mj-section>`;
		case 'temoignage': {
			const t = block.temoignage;
			const from = [t.signature, t.structure, t.commune].filter(Boolean).map((part) => escapeHtml(part!));
			return `<mj-section padding="8px 0"><mj-column border-left="4px solid ${BLUE}">
				<mj-text font-size="18px" font-weight="700" color="${BLUE}">Témoignage</mj-text>
				<mj-text font-size="16px" line-height="1.5" font-style="italic">${paragraphs(`« ${t.texte} »`)}</mj-text>
				<mj-text font-size="14px" color="#555">— ${from.join(', ')}</mj-text>
			</mj-column></mj-section>`;
		}
		case 'chiffre':
			return `<mj-section padding="8px 0" background-color="#eef3f8"><mj-column>
				<mj-text font-size="34px" font-weight="700" color="${BLUE}" align="center">${escapeHtml(block.valeur)}</mj-text>
				<mj-text font-size="15px" align="center">${escapeHtml(block.phrase)}</mj-text>
			</mj-column></mj-section>`;
		case 'liens':
			return `<mj-section padding="8px 0"><mj-column>
				${block.liens.map((l) => `<mj-button href="${escapeHtml(l.url)}" background-color="${BLUE}" align="left">${escapeHtml(l.label)}</mj-button>`).join('')}
			</mj-column></mj-section>`;
	}
}

export async function renderNewsletter(newsletter: ResolvedNewsletter, links: RenderLinks): Promise<string> {
	const footer = [
		`Lettre du ${escapeHtml(newsletter.expediteur)}.`,
		links.webUrl ? `<a href="${escapeHtml(links.webUrl)}" style="color:#555">Voir dans le navigateur</a>` : '',
		links.unsubscribeUrl ? `<a href="${escapeHtml(links.unsubscribeUrl)}" style="color:#555">Se désinscrire</a> (un clic suffit)` : ''
	]
		.filter(Boolean)
		.join(' · ');
	const source = `<mjml lang="fr">
	<mj-head>
		<mj-title>${escapeHtml(newsletter.titre)}</mj-title>
		<mj-attributes><mj-all font-family="Helvetica, Arial, sans-serif" /><mj-text color="#222" /></mj-attributes>
	</mj-head>
	<mj-body background-color="#f4f4f4" width="600px">
		<mj-section background-color="${BLUE}" padding="20px 0"><mj-column>
			<mj-text color="#ffffff" font-size="13px">${escapeHtml(newsletter.expediteur)}</mj-text>
			<mj-text color="#ffffff" font-size="26px" font-weight="700">${escapeHtml(newsletter.titre)}</mj-text>
		</mj-column></mj-section>
		<mj-wrapper background-color="#ffffff" padding="8px 0">${newsletter.blocks.map(blockMjml).join('\n')}</mj-wrapper>
		<mj-section padding="16px 0"><mj-column><mj-text font-size="12px" color="#555" align="center">${footer}</mj-text></mj-column></mj-section>
	</mj-body>
</mjml>`;
	const result = await mjml2html(source, { validationLevel: 'strict' });
	return result.html;
}
