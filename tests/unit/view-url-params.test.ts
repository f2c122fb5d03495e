import { describe, expect, it } from 'vitest';
import { flag, formatCamera, parseCamera, pickParams, queryHref, replaceGroup, withParams } from '../../src/lib/view/url-params';

describe('view state in the URL', () => {
	it('sets, removes and keeps keys, in their order', () => {
		const next = withParams(new URLSearchParams('t=epci:1&liste=1&couches=zones'), {
			liste: null,
			acteur: '12',
			t: undefined,
			couches: ''
		});
		expect(next.toString()).toBe('t=epci%3A1&acteur=12');
	});

	it('does not change the query it was given', () => {
		const current = new URLSearchParams('a=1');
		withParams(current, { a: null });
		expect(current.toString()).toBe('a=1');
	});

	it('picks and replaces a group of keys (the actor filters) without touching the view', () => {
		const keys = new Set(['secteur', 'tag']);
		const current = new URLSearchParams('t=zone:Z1&secteur=sante&carte=1,2,3&tag=x');
		expect(pickParams(current, keys).toString()).toBe('secteur=sante&tag=x');
		expect(replaceGroup(current, keys, new URLSearchParams('secteur=culture')).toString()).toBe(
			't=zone%3AZ1&carte=1%2C2%2C3&secteur=culture'
		);
	});

	it('links to the bare path when nothing is left in the query', () => {
		expect(queryHref(new URLSearchParams(), '/gaps')).toBe('/gaps');
		expect(queryHref(new URLSearchParams('liste=1'), '/')).toBe('?liste=1');
	});

	it('reads back the camera it writes, and refuses a malformed one', () => {
		const written = formatCamera({ center: [4.83571234, 45.76], zoom: 9.123 });
		expect(written).toBe('4.8357,45.7600,9.12');
		expect(parseCamera(written)).toEqual({ center: [4.8357, 45.76], zoom: 9.12 });
		expect(parseCamera('4.8,45.7')).toBeNull();
		expect(parseCamera('a,b,c')).toBeNull();
		expect(parseCamera(null)).toBeNull();
	});

	it('writes a flag as 1 or removes it', () => {
		expect(withParams(new URLSearchParams('liste=1'), { liste: flag(false) }).has('liste')).toBe(false);
		expect(withParams(new URLSearchParams(), { liste: flag(true) }).get('liste')).toBe('1');
	});
});
