// Writes the view's state to the URL of the current page (read it from `page.url`).
import { goto, replaceState } from '$app/navigation';
import { page } from '$app/state';
import { queryHref, withParams, type ParamChanges } from './url-params';

export * from './url-params';

/** The current query (reactive when read in a `$derived` or an effect). */
export function params(): URLSearchParams {
	return page.url.searchParams;
}

/** Navigates to the current page with `changes` applied, keeping focus and scroll (a history entry). */
export function setParams(changes: ParamChanges | URLSearchParams): Promise<void> {
	const next = changes instanceof URLSearchParams ? changes : withParams(page.url.searchParams, changes);
	return goto(queryHref(next, page.url.pathname), { keepFocus: true, noScroll: true });
}

/** Rewrites the URL without navigating nor adding a history entry (the map camera on each move). */
export function replaceParams(changes: ParamChanges): void {
	replaceState(queryHref(withParams(page.url.searchParams, changes), page.url.pathname), page.state);
}
