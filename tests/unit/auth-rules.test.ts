import { describe, expect, it } from 'vitest';
import { can, ROLES } from '../../src/lib/domain/roles';
import { assertSafeAuthMode } from '../../src/lib/server/auth/bootstrap';
import { MUTATIONS, requiredAccess, routeKey } from '../../src/lib/server/auth/permissions';

describe('route access rules', () => {
	it('keeps only the login, reset, health and share pages public', () => {
		expect(requiredAccess('/login', 'POST', '')).toBe('public');
		expect(requiredAccess('/api/health', 'GET', '')).toBe('public');
		expect(requiredAccess('/partage/[token]', 'GET', '')).toBe('public');
		expect(requiredAccess('/', 'GET', '')).toBe('read');
		expect(requiredAccess('/api/territories', 'GET', '')).toBe('read');
		expect(requiredAccess(null, 'GET', '')).toBe('read');
	});

	it('reads form actions from the query string', () => {
		expect(requiredAccess('/compte', 'POST', '?/password')).toBe('read');
		expect(requiredAccess('/admin/utilisateurs', 'POST', '?/create')).toBe('admin');
	});

	it('matches the routes of a route group by their path without the group', () => {
		expect(routeKey('/(app)/trips/[id]')).toBe('/trips/[id]');
		expect(routeKey('/(app)')).toBe('/');
		expect(routeKey('/api/trips/[id]')).toBe('/api/trips/[id]');
		expect(requiredAccess('/(app)', 'GET', '')).toBe('read');
		expect(requiredAccess('/(app)/admin/journal', 'GET', '')).toBe('admin');
		expect(requiredAccess('/(app)/import', 'GET', '')).toBe('admin');
		expect(requiredAccess('/(app)/trips', 'POST', '?/create')).toBe('write');
		expect(requiredAccess('/(app)/compte', 'POST', '?/password')).toBe('read');
		expect(requiredAccess('/(app)/portrait/[level]/[code]', 'POST', '?/partager')).toBe('write');
	});

	it('lets only admins perform a mutation nobody listed (deny by default)', () => {
		expect(requiredAccess('/api/territories', 'POST', '')).toBe('admin');
		expect(requiredAccess('/api/nouveau', 'DELETE', '')).toBe('admin');
		expect(MUTATIONS['DELETE /api/nouveau']).toBeUndefined();
	});

	it('gives each role its permissions', () => {
		expect(ROLES.map((r) => [r, can(r, 'read'), can(r, 'read_personal'), can(r, 'write'), can(r, 'admin')])).toEqual([
			['admin', true, true, true, true],
			['charge_mission', true, true, true, false],
			['lecteur', true, false, false, false]
		]);
		expect(can(null, 'read')).toBe(false);
	});
});

describe('single-user mode without authentication', () => {
	it('refuses to listen beyond this machine', () => {
		expect(() => assertSafeAuthMode({ MAILLAGE_AUTH: 'off', HOST: '0.0.0.0' })).toThrow(/HOST=127\.0\.0\.1/);
		expect(() => assertSafeAuthMode({ MAILLAGE_AUTH: 'off' })).toThrow();
		expect(() => assertSafeAuthMode({ MAILLAGE_AUTH: 'off', HOST: '127.0.0.1' })).not.toThrow();
		expect(() => assertSafeAuthMode({ HOST: '0.0.0.0' })).not.toThrow();
		expect(() => assertSafeAuthMode({ MAILLAGE_AUTH: 'peut-etre' })).toThrow(/on ou off/);
	});
});
