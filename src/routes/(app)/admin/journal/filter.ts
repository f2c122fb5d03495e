// The journal's filter as its URL carries it, shared by the page and its CSV export:
// `?onglet=connexions` the sign-ins tab, `?type=acteurs` a kind of event, `?avant=123` the next
// page, `?entite=actor` the raw entity of older links.
import { AUDIT_CATEGORIES, type AuditCategory } from '$lib/domain/audit-sentence';
import type { AuditFilter } from '$lib/server/queries/audit-log';

export interface JournalView {
	tab: 'modifications' | 'connexions';
	category: AuditCategory | '';
	entity: string;
}

export function journalView(params: URLSearchParams): JournalView {
	const type = params.get('type') ?? '';
	return {
		tab: params.get('onglet') === 'connexions' ? 'connexions' : 'modifications',
		category: (AUDIT_CATEGORIES as readonly string[]).includes(type) ? (type as AuditCategory) : '',
		entity: params.get('entite') ?? ''
	};
}

export function journalFilter(view: JournalView): AuditFilter {
	if (view.tab === 'connexions') return { signIns: true };
	// An older link names a raw entity: all its events, sign-ins included, as it showed them.
	if (view.entity) return { entity: view.entity };
	return { signIns: false, category: view.category || undefined };
}

/** The query string of a view (for links: the tabs, the export, the next page). */
export function journalQuery(view: JournalView, extra: Record<string, string> = {}): string {
	const params = new URLSearchParams();
	if (view.tab === 'connexions') params.set('onglet', 'connexions');
	else {
		if (view.category) params.set('type', view.category);
		if (view.entity) params.set('entite', view.entity);
	}
	for (const [key, value] of Object.entries(extra)) params.set(key, value);
	const query = params.toString();
	return query ? `?${query}` : '';
}
