// The browser side of the API: one JSON fetch that turns an error answer (`{error:{message,field}}`)
// or a network failure into one typed error with a French message the page can show as is.

export class ApiError extends Error {
	/** HTTP status, or 0 when the server could not be reached. */
	readonly status: number;
	/** The form field the server refused, when it says which. */
	readonly field: string | undefined;
	/** The whole error answer, for what some answers add (a 409 naming the record already there…). */
	readonly body: unknown;
	constructor(message: string, status: number, field?: string, body: unknown = null) {
		super(message);
		this.name = 'ApiError';
		this.status = status;
		this.field = field;
		this.body = body;
	}
}

/** True for the rejection of a request cancelled by its AbortController (a newer one replaced it): not shown. */
export function isAbort(error: unknown): boolean {
	return error instanceof Error && error.name === 'AbortError';
}

/** The message of an error answer, from its body when it has the API's shape. */
export async function apiError(response: Response): Promise<ApiError> {
	const body = await response.json().catch(() => null);
	const raw = body && typeof body === 'object' ? (body as { error?: unknown; field?: unknown }) : undefined;
	// `{error: {message, field}}` (jsonError), or the flat `{error, field}` some answers use.
	const error =
		typeof raw?.error === 'string'
			? { message: raw.error, field: raw.field }
			: (raw?.error as { message?: unknown; field?: unknown } | undefined);
	const message = typeof error?.message === 'string' ? error.message : `Erreur ${response.status}`;
	return new ApiError(message, response.status, typeof error?.field === 'string' ? error.field : undefined, body);
}

/**
 * Fetches and reads JSON; rejects with an ApiError on an error answer or a network failure
 * (an abort is rethrown as is: test it with `isAbort`). `json` is sent as the body; `fetch` is the
 * one to use instead of the global one (a `load` function's, which carries the session on the server).
 */
export async function api<T>(url: string, init: RequestInit & { json?: unknown; fetch?: typeof fetch } = {}): Promise<T> {
	const { json, fetch: fetchWith = fetch, ...rest } = init;
	if (json !== undefined) {
		rest.headers = { 'content-type': 'application/json', ...rest.headers };
		rest.body = JSON.stringify(json);
	}
	let response: Response;
	try {
		response = await fetchWith(url, rest);
	} catch (e) {
		if (isAbort(e)) throw e;
		throw new ApiError('Serveur injoignable : vérifiez la connexion et réessayez.', 0);
	}
	if (!response.ok) throw await apiError(response);
	// 204 and other empty answers.
	const text = await response.text();
	return (text ? JSON.parse(text) : null) as T;
}
