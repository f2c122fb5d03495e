// A browser test's fixture: the built server on a fresh database, Chromium, and a signed-in
// context, started before the file's tests and stopped after them.
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

export function useBrowserSession(backend: Backend, env: Record<string, string> = {}): BrowserSession {
	const session = {} as BrowserSession;
	beforeAll(async () => {
		[session.server, session.browser] = await Promise.all([startServer(backend, env), launchBrowser()]);
		session.context = await signedInContext(session.browser, session.server.url, ADMIN);
	});
	afterAll(async () => {
		await session.context?.close();
		await session.browser?.close();
		await session.server?.stop();
	});
	return session;
}
