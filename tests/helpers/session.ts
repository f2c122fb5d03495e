// A browser test's fixture: the built server on a fresh database, Chromium, and a signed-in
// context, started before the file's tests and stopped after them.
//
// Starts used to stall, now and then, for minutes: the sign-in closed its page while the map behind
// the login redirect was starting WebGL, and Chromium hung in that close (reproduced: 1 close in 4).
// The sign-in now lands on the account page. Each attempt stays bounded and says which step it was
// at and what the server printed, and a stalled attempt is torn down and made once more.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Backend } from '../../src/lib/server/db/client';
import { launchBrowser, signedInContext } from './browser';
import { ADMIN, startServer, type RunningServer } from './server';

export interface BrowserSession {
	server: RunningServer;
	browser: Browser;
	context: BrowserContext;
}

const ATTEMPT_MS = 200_000;
const ATTEMPTS = 2;

async function startSession(backend: Backend, env: Record<string, string>): Promise<BrowserSession> {
	const started: Partial<BrowserSession> = {};
	let step = 'démarrage du serveur et de Chromium';
	const cleanup = async () => {
		await started.context?.close().catch(() => {});
		await started.browser?.close().catch(() => {});
		await started.server?.stop().catch(() => {});
	};
	const work = (async () => {
		await Promise.all([
			startServer(backend, env).then((server) => (started.server = server)),
			launchBrowser().then((browser) => (started.browser = browser))
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
		throw new Error(`Session navigateur (${backend}) : échec à l’étape « ${step} » : ${(error as Error).message}\n--- fin de la sortie du serveur ---\n${output}`);
	} finally {
		clearTimeout(timer);
	}
}

export function useBrowserSession(backend: Backend, env: Record<string, string> = {}): BrowserSession {
	const session = {} as BrowserSession;
	beforeAll(async () => {
		for (let attempt = 1; ; attempt++) {
			try {
				Object.assign(session, await startSession(backend, env));
				return;
			} catch (error) {
				if (attempt >= ATTEMPTS) throw error;
				console.warn(`[maillage] ${(error as Error).message.split('\n')[0]} — nouvel essai`);
			}
		}
	}, ATTEMPTS * ATTEMPT_MS + 30_000);
	afterAll(async () => {
		await session.context?.close();
		await session.browser?.close();
		await session.server?.stop();
	});
	return session;
}
