// The parcours pages' shared loading: a filter the API refuses is a message over empty data; any
// other failure still fails the page.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/lib/api-client';
import { loadFiltered } from '../../src/lib/view/parcours-filters';

describe('loadFiltered', () => {
	it('hands the data over with no error', async () => {
		expect(await loadFiltered(async () => ({ rows: [1, 2] }), { rows: [] })).toEqual({ rows: [1, 2], error: null });
	});

	it('turns a refused filter (400) into the message over the empty data', async () => {
		const refused = await loadFiltered(
			async () => {
				throw new ApiError('zone : code inconnu', 400, 'zone');
			},
			{ rows: [] as number[] }
		);
		expect(refused).toEqual({ rows: [], error: 'zone : code inconnu' });
	});

	it('lets any other failure through', async () => {
		const failing = () =>
			loadFiltered(
				async () => {
					throw new ApiError('Erreur du serveur', 500);
				},
				{ rows: [] }
			);
		await expect(failing()).rejects.toThrow('Erreur du serveur');
		await expect(loadFiltered(() => Promise.reject(new TypeError('x')), { rows: [] })).rejects.toThrow(TypeError);
	});
});
