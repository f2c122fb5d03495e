// Says plainly which database backends the suite runs against.
export default function setup() {
	const server = process.env.TEST_DATABASE_URL;
	if (server) {
		console.log(`[maillage] backends: PGlite (embedded) + PostgreSQL server (${server.replace(/:[^:@/]*@/, ':***@')})`);
	} else {
		console.log('[maillage] backends: PGlite (embedded) only — PostgreSQL server suite SKIPPED (TEST_DATABASE_URL not set)');
	}
}
