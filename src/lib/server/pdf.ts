// Server-side PDF of a portrait through Chromium (playwright-core), when Chromium is installed:
// the print view rendered by the server itself, so the PDF has the print layout (A4 landscape).
import fs from 'node:fs';
import { error } from '@sveltejs/kit';
import type { Kysely } from 'kysely';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { SESSION_COOKIE } from './auth/cookies';
import { DataVersionCache } from './data-version';
import { jsonError } from './http/errors';
import type { Database } from './db/schema';

/** Chromium's path: MAILLAGE_CHROMIUM, else Debian's /usr/bin/chromium; null when absent. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string | null {
	const candidate = env.MAILLAGE_CHROMIUM?.trim() || '/usr/bin/chromium';
	return fs.existsSync(candidate) ? candidate : null;
}

/**
 * Where Chromium reaches this server: straight on the port it listens to (adapter-node's HOST and
 * PORT) rather than through the public origin, which a reverse proxy may not route back to us.
 */
export function internalOrigin(url: URL, env: NodeJS.ProcessEnv = process.env): string {
	const port = env.PORT?.trim();
	if (!port) return url.origin;
	const host = env.HOST?.trim();
	const listening = !host || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
	return `http://${listening}:${port}`;
}

export const CHROMIUM_MISSING =
	'Export PDF indisponible : Chromium n’est pas installé sur le serveur (apt-get install chromium, ou MAILLAGE_CHROMIUM). Utilisez « Imprimer » puis « Enregistrer au format PDF » dans votre navigateur.';

/** The queue is full: the caller answers 503 with Retry-After. */
export class PdfBusyError extends Error {
	constructor(readonly retryAfterSeconds: number) {
		super('Trop de PDF en cours de préparation');
	}
}

export const PDF_BUSY = 'Trop de PDF en cours de préparation : réessayez dans quelques instants.';

/**
 * MAILLAGE_PDF_CONCURRENCE (pages rendered at once, default 2) and MAILLAGE_PDF_FILE (requests
 * waiting their turn, default 4). A page is a few hundred Mo of Chromium and a core for seconds:
 * past the queue, answering 503 at once keeps the rest of the application responsive.
 */
export function pdfLimits(env: NodeJS.ProcessEnv = process.env): { concurrency: number; queue: number } {
	const read = (name: string, fallback: number, min: number, max: number) => {
		const raw = env[name]?.trim();
		if (!raw) return fallback;
		const value = Number(raw);
		if (!Number.isInteger(value) || value < min || value > max)
			throw new Error(`${name} invalide : « ${raw} » (entier de ${min} à ${max} attendu)`);
		return value;
	};
	return { concurrency: read('MAILLAGE_PDF_CONCURRENCE', 2, 1, 16), queue: read('MAILLAGE_PDF_FILE', 4, 0, 100) };
}

export interface PdfStats {
	concurrency: number;
	queue: number;
	/** Pages being rendered now, and the most there ever were at once. */
	rendering: number;
	peak: number;
	waiting: number;
	rendered: number;
	refused: number;
	launches: number;
	/** Share PDFs answered from the cache. */
	cached: number;
}

const LAUNCH_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

/**
 * One Chromium for the whole server, launched at the first PDF and again if it dies; each PDF is a
 * page in a context of its own (its own cookies), at most `concurrency` at once.
 */
export class PdfRenderer {
	#browser: Promise<Browser> | null = null;
	#waiting: (() => void)[] = [];
	#durations: number[] = [];
	readonly stats: PdfStats;

	constructor(limits: { concurrency: number; queue: number }) {
		this.stats = { ...limits, rendering: 0, peak: 0, waiting: 0, rendered: 0, refused: 0, launches: 0, cached: 0 };
	}

	#launch(executablePath: string): Promise<Browser> {
		if (!this.#browser) {
			this.stats.launches++;
			const launching = chromium.launch({ executablePath, args: LAUNCH_ARGS });
			this.#browser = launching;
			launching.then(
				(browser) =>
					browser.on('disconnected', () => {
						if (this.#browser === launching) this.#browser = null;
					}),
				() => {
					if (this.#browser === launching) this.#browser = null;
				}
			);
		}
		return this.#browser;
	}

	/**
	 * A fresh context. A Chromium that died since the last PDF may not be noticed by Playwright yet:
	 * when it cannot open a context, it is dropped and another one launched, once.
	 */
	async #context(executablePath: string): Promise<BrowserContext> {
		const current = this.#browser;
		const browser = await this.#launch(executablePath);
		try {
			return await browser.newContext({ viewport: { width: 1123, height: 794 } });
		} catch (error) {
			console.warn('[maillage] Chromium ne répond plus, relance', (error as Error).message);
			if (this.#browser === current || current === null) this.#browser = null;
			await browser.close().catch(() => {});
			return (await this.#launch(executablePath)).newContext({ viewport: { width: 1123, height: 794 } });
		}
	}

	/** Seconds a refused client should wait: the work ahead of it at the recent pace. */
	#retryAfter(): number {
		const average = this.#durations.length ? this.#durations.reduce((a, b) => a + b, 0) / this.#durations.length : 5000;
		const ahead = this.stats.rendering + this.stats.waiting;
		return Math.min(120, Math.max(1, Math.ceil((average * ahead) / this.stats.concurrency / 1000)));
	}

	async #turn(): Promise<void> {
		if (this.stats.rendering < this.stats.concurrency) {
			this.stats.rendering++;
			return;
		}
		if (this.stats.waiting >= this.stats.queue) {
			this.stats.refused++;
			throw new PdfBusyError(this.#retryAfter());
		}
		this.stats.waiting++;
		// #release hands its slot over: `rendering` stays counted.
		await new Promise<void>((resolve) => this.#waiting.push(resolve));
		this.stats.waiting--;
	}

	#release(): void {
		const next = this.#waiting.shift();
		if (next) next();
		else this.stats.rendering--;
	}

	/**
	 * Renders `url` (same origin, print view) to an A4 landscape PDF. `cookie` carries the session of
	 * the person asking, so that a logged-in page renders as they see it. Throws PdfBusyError when
	 * the queue is full.
	 */
	async render(executablePath: string, url: string, cookie?: { name: string; value: string }): Promise<Buffer> {
		await this.#turn();
		this.stats.peak = Math.max(this.stats.peak, this.stats.rendering);
		const started = Date.now();
		try {
			const context = await this.#context(executablePath);
			try {
				if (cookie) await context.addCookies([{ name: cookie.name, value: cookie.value, url: new URL(url).origin }]);
				const page = await context.newPage();
				const response = await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
				if (!response?.ok()) throw new Error(`rendu de ${new URL(url).pathname} : HTTP ${response?.status()}`);
				await page.emulateMedia({ media: 'print' });
				const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: true, preferCSSPageSize: true });
				this.stats.rendered++;
				this.#durations = [...this.#durations.slice(-9), Date.now() - started];
				return pdf;
			} finally {
				await context.close().catch(() => {});
			}
		} finally {
			this.#release();
		}
	}

	async close(): Promise<void> {
		const browser = this.#browser;
		this.#browser = null;
		if (browser) await (await browser.catch(() => null))?.close().catch(() => {});
	}
}

let shared: PdfRenderer | null = null;

/** The server's renderer, closed when adapter-node shuts down (Playwright kills Chromium on exit anyway). */
export function pdfRenderer(): PdfRenderer {
	if (!shared) {
		const renderer = new PdfRenderer(pdfLimits());
		shared = renderer;
		process.once('sveltekit:shutdown' as 'beforeExit', () => void renderer.close());
	}
	return shared;
}

/** A share's PDF until the data changes (its period and territory are fixed by the share). */
const sharePdfs = new DataVersionCache<Buffer>(20);

export async function sharePdf(
	db: Kysely<Database>,
	shareId: number,
	render: () => Promise<Buffer>
): Promise<{ pdf: Buffer; cached: boolean }> {
	let cached = true;
	const pdf = await sharePdfs.get(db, `share:${shareId}`, () => {
		cached = false;
		return render();
	});
	if (cached) pdfRenderer().stats.cached++;
	return { pdf, cached };
}

/**
 * A signed-in page (`target`, its print mode) as a PDF download, rendered with the reader's session
 * so that it shows what they may see: 503 without Chromium or when the queue is full, 500 (logged
 * under `what`) when the rendering fails.
 */
export async function signedInPagePdf(target: URL, session: string | undefined, fileName: string, what: string): Promise<Response> {
	const executable = chromiumPath();
	if (!executable) return jsonError(503, CHROMIUM_MISSING);
	try {
		const pdf = await pdfRenderer().render(executable, target.href, session ? { name: SESSION_COOKIE, value: session } : undefined);
		return new Response(new Uint8Array(pdf), {
			headers: { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${fileName}"` }
		});
	} catch (e) {
		if (e instanceof PdfBusyError) return busyResponse(e);
		console.error(`[maillage] PDF ${what}`, e);
		error(500, 'La génération du PDF a échoué : voir le journal du serveur');
	}
}

/** The answer when the queue is full. */
export function busyResponse(error: PdfBusyError): Response {
	return new Response(JSON.stringify({ error: { message: PDF_BUSY } }), {
		status: 503,
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'retry-after': String(error.retryAfterSeconds),
			'cache-control': 'no-store'
		}
	});
}
