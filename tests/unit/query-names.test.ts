import { describe, expect, it } from 'vitest';
import { parseActorFilter } from '../../src/lib/schemas/actor-filter';
import { parseGapQuery } from '../../src/lib/schemas/gap-query';
import { z } from 'zod';
import { firstIssue, issueText } from '../../src/lib/schemas/issues';
import { parseJsonFile } from '../../src/lib/server/json-file';
import { canonicalName, normaliseQueryNames } from '../../src/lib/schemas/query-names';
import { parsePeriod } from '../../src/lib/domain/portrait/period';

const today = new Date('2026-06-15T12:00:00Z');

describe('query parameter names: one per concept, old names as aliases', () => {
	it('renames the old names and leaves the others, in the order given', () => {
		const { params, asWritten } = normaliseQueryNames(new URLSearchParams('level=epci&from=2024&to=2026&sector=culture&zone=est'));
		expect([...params]).toEqual([
			['level', 'epci'],
			['de', '2024'],
			['a', '2026'],
			['secteur', 'culture'],
			['zone', 'est']
		]);
		expect([asWritten('de'), asWritten('a'), asWritten('secteur'), asWritten('level'), asWritten('tag')]).toEqual([
			'from',
			'to',
			'sector',
			'level',
			'tag'
		]);
		expect([canonicalName('from'), canonicalName('de'), canonicalName('niveau')]).toEqual(['de', 'de', 'niveau']);
	});
	it('keeps the name written last when a request has both a name and its alias (a page setting `from` on a `de` link)', () => {
		const both = normaliseQueryNames(new URLSearchParams('de=2020&level=epci&from=2024&secteur=culture&secteur=sante&sector=emploi'));
		expect([...both.params]).toEqual([
			['level', 'epci'],
			['de', '2024'],
			['secteur', 'emploi']
		]);
		expect([both.asWritten('de'), both.asWritten('secteur')]).toEqual(['from', 'sector']);
		const repeated = normaliseQueryNames(new URLSearchParams('secteur=culture&secteur=sante'));
		expect(repeated.params.getAll('secteur')).toEqual(['culture', 'sante']);
		expect(parseGapQuery(new URLSearchParams('de=2020&a=2026&from=2024'), today)).toMatchObject({
			success: true,
			data: { from: 2024, to: 2026 }
		});
	});
	it('reads the same gap query from the old and the new names', () => {
		const old = parseGapQuery(new URLSearchParams('level=epci&from=2024&to=2025&sector=culture'), today);
		const now = parseGapQuery(new URLSearchParams('level=epci&de=2024&a=2025&secteur=culture'), today);
		expect(now).toEqual(old);
		expect(now).toMatchObject({ success: true, data: { level: 'epci', sector: ['culture'], from: 2024, to: 2025 } });
	});
	it('names the parameter at fault as the request wrote it', () => {
		const message = (query: string) => {
			const parsed = parseGapQuery(new URLSearchParams(query), today);
			return parsed.success ? null : issueText(firstIssue(parsed.error, { asWritten: parsed.asWritten }));
		};
		expect(message('from=2026&to=2024')).toMatch(/^from : /);
		expect(message('de=2026&a=2024')).toMatch(/^de : /);
		expect(message('sector=piraterie')).toBe('sector : secteur inconnu (voir data/sectors.json)');
		expect(message('secteur=piraterie')).toBe('secteur : secteur inconnu (voir data/sectors.json)');
		expect(message('niveau=epci')).toMatch(/^paramètre inconnu : niveau/);
		expect(parsePeriod(new URLSearchParams('from=hier'), today)).toMatchObject({
			ok: false,
			field: 'de',
			message: expect.stringMatching(/^from : /)
		});
	});
	it('accepts the old names in the actor filter and the portrait period', () => {
		const filter = parseActorFilter(new URLSearchParams('sector=culture,sante&from=2023&to=2025'));
		expect(filter.data).toMatchObject({ secteur: ['culture', 'sante'], de: 2023, a: 2025 });
		expect(parsePeriod(new URLSearchParams('from=2023&to=2025'), today)).toEqual({ ok: true, period: { from: 2023, to: 2025 } });
	});
});

describe('the first issue of a failed parse', () => {
	it('names the top-level field, or the one given for a value parsed alone', () => {
		expect(firstIssue({ issues: [{ path: ['days', 0, 1], message: 'absent' }] })).toEqual({ field: 'days', message: 'absent' });
		expect(firstIssue({ issues: [{ path: [], message: 'trop long' }] }, { field: 'q' })).toEqual({ field: 'q', message: 'trop long' });
		expect(issueText(firstIssue({ issues: [{ path: [], message: 'corps attendu' }] }))).toBe('corps attendu');
		expect(issueText({ field: 'level', message: 'niveau inconnu' })).toBe('level : niveau inconnu');
	});
	it('lists every issue of a hand-edited data file, naming the file', () => {
		const schema = z.object({ code: z.string().regex(/^\d{5}$/, '5 chiffres'), sites: z.array(z.url('adresse web invalide')) });
		expect(() => parseJsonFile(schema, '{"code": "57", "sites": ["https://a.fr", "b"]}', 'data/dla.json')).toThrow(
			'data/dla.json invalide : code 5 chiffres ; sites.1 adresse web invalide'
		);
		expect(parseJsonFile(schema, '{"code": "57000", "sites": []}', 'x')).toEqual({ code: '57000', sites: [] });
	});
});
