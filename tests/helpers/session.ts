// A browser test's fixture: the built server on a seeded database, Chromium, and a signed-in
// context of the file's own. The server and Chromium are shared by the files of the worker
// (unless the file asks for its own); the context is closed after the file's tests.
//
// Starts used to stall, now and then, for minutes: the sign-in closed its page while the map behind
// the login redirect was starting WebGL, and Chromium hung in that close (reproduced: 1 close in 4).
// The sign-in now lands on the account page. Each attempt stays bounded and says which step it was
// at and what the server printed, and a stalled attempt is torn down and made once more.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Backend } from '../../src/lib/server/db/client';
import { launchBrowser, signedInContext } from './browser';
import { ADMIN, serverPrerequisites, startServer, type RunningServer } from './server';

export interface BrowserSession {
	server: RunningServer;
	browser: Browser;
	context: BrowserContext;
}

export interface SessionOptions {
	/**
	 * A server and a Chromium of the file's own, stopped after it, for tests whose changes other
	 * files must not see (or that must not see theirs). By default the test files of a worker
	 * share one server per backend and configuration, and one Chromium: a file gets its own
	 * signed-in context on them, and leaves the data as the demo leaves it to a real user.
	 */
	own?: boolean;
}

const ATTEMPT_MS = 200_000;
const ATTEMPTS = 2;
/** Building the app and seeding the databases, when this file is the first to need them. */
const PREREQUISITES_MS = 900_000;

// The browser project runs its files one after the other in one worker without isolation
// (vite.config.ts), so what is kept here outlives a file. The servers left at the end are stopped
// when the worker exits (tests/helpers/server.ts) or by the run's teardown (tests/global-setup.ts).
const shared = globalThis as typeof globalThis & {
	maillageBrowser?: Promise<Browser>;
	maillageServers?: Map<string, Promise<RunningServer>>;
};

function sharedBrowser(): Promise<Browser> {
	shared.maillageBrowser ??= launchBrowser();
	return shared.maillageBrowser;
}

function sharedServer(backend: Backend, env: Record<string, string>): Promise<RunningServer> {
	const servers = (shared.maillageServers ??= new Map());
	const key = JSON.stringify([backend, Object.entries(env).sort()]);
	let server = servers.get(key);
	if (!server) {
		server = startServer(backend, env);
		servers.set(key, server);
		server.catch(() => servers.delete(key));
	}
	return server;
}

/** Forgets a shared server and Chromium that failed a start, so that the next attempt starts anew. */
async function forgetShared(backend: Backend, env: Record<string, string>, session: Partial<BrowserSession>) {
	const key = JSON.stringify([backend, Object.entries(env).sort()]);
	shared.maillageServers?.delete(key);
	shared.maillageBrowser = undefined;
	await session.browser?.close().catch(() => {});
	await session.server?.stop().catch(() => {});
}

async function startSession(backend: Backend, env: Record<string, string>, own: boolean): Promise<BrowserSession> {
	const started: Partial<BrowserSession> = {};
	let step = 'démarrage du serveur et de Chromium';
	const cleanup = async () => {
		await started.context?.close().catch(() => {});
		if (own) {
			await started.browser?.close().catch(() => {});
			await started.server?.stop().catch(() => {});
		} else {
			await forgetShared(backend, env, started);
		}
	};
	const work = (async () => {
		const reuse = async (server: Promise<RunningServer>) => {
			const running = await server;
			if (running.running()) return running;
			// A shared server that died (or a PGlite one stopped by a test): a new one.
			await forgetShared(backend, env, { server: running });
			return sharedServer(backend, env);
		};
		await Promise.all([
			(own ? startServer(backend, env) : reuse(sharedServer(backend, env))).then((server) => (started.server = server)),
			(own ? launchBrowser() : sharedBrowser()).then((browser) => (started.browser = browser))
		]);
		step = 'connexion de l’administrateur';
		started.context = await signedInContext(started.browser!, started.server!.url, ADMIN);
		return started as BrowserSession;
	})();
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`délai de ${ATTEMPT_MS / 1000} s dépassé`)), ATTEMPT_MS);
	});
	try {
		return await Promise.race([work, timeout]);
	} catch (error) {
		const output = started.server?.output().slice(-4000) ?? '(serveur non démarré)';
		await cleanup();
		// Whatever was still starting is stopped when it finishes.
		work.then(cleanup, cleanup);
		throw new Error(
			`Session navigateur (${backend}) : échec à l’étape « ${step} » : ${(error as Error).message}\n--- fin de la sortie du serveur ---\n${output}`,
			{ cause: error }
		);
	} finally {
		clearTimeout(timer);
	}
}

export function useBrowserSession(backend: Backend, env: Record<string, string> = {}, options: SessionOptions = {}): BrowserSession {
	const session = {} as BrowserSession;
	const own = options.own ?? false;
	beforeAll(
		async () => {
			await serverPrerequisites(backend, env);
			for (let attempt = 1; ; attempt++) {
				try {
					Object.assign(session, await startSession(backend, env, own));
					return;
				} catch (error) {
					if (attempt >= ATTEMPTS) throw error;
					console.warn(`[maillage] ${(error as Error).message.split('\n')[0]} — nouvel essai`);
				}
			}
		},
		PREREQUISITES_MS + ATTEMPTS * ATTEMPT_MS + 30_000
	);
	afterAll(async () => {
		await session.context?.close();
		if (own) {
			await session.browser?.close();
			await session.server?.stop();
		}
	});
	return session;
}

/** Reads a JSON answer of the session's server as the signed-in administrator (`/api/…`). */
export function sessionJson(session: BrowserSession) {
	return async (path: string) => (await session.context.request.get(`${session.server.url}${path}`)).json();
}

/** Creates a trip through the API as the signed-in administrator; its id. */
export async function createTripThroughApi(session: BrowserSession, body: Record<string, unknown>): Promise<number> {
	const response = await session.context.request.post(`${session.server.url}/api/trips`, {
		data: body,
		headers: { origin: session.server.url }
	});
	if (response.status() !== 201) throw new Error(`POST /api/trips : ${response.status()} ${await response.text()}`);
	return (await response.json()).id as number;
}
