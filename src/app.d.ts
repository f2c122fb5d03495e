// See https://svelte.dev/docs/kit/types#app.d.ts
import type { SessionUser } from '$lib/server/queries/users';

declare global {
	namespace App {
		interface Error {
			message: string;
		}
		interface Locals {
			/** The signed-in user, or null. With MAILLAGE_AUTH=off, a local administrator. */
			user: SessionUser | null;
		}
	}
}

export {};
