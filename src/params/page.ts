// A path left to the signed-in pages' catch-all (routes/(app)/[...chemin=page]): an unknown address
// shows the 404 page with the navigation. The API keeps its own 404 (JSON), and a share link's
// unknown address stays public (routes/+error.svelte).
import type { ParamMatcher } from '@sveltejs/kit';

export const match: ParamMatcher = (path) => !/^(api|partage)(\/|$)/.test(path);
