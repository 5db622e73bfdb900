import {
	constantTimeEqual,
	verifyAuthorization,
} from '@idv-documents/shared/webhooks/authorization';
import { FAKE_RISKOS_BEARER_CREDENTIAL as TOKEN } from '../../fixtures/credentials';

const basic = (user: string, password: string) =>
	`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('constantTimeEqual', () => {
	test.each([
		['same', 'same', true],
		['same', 'Same', false],
		['short', 'shorter', false],
		['', '', true],
	])('%j vs %j is %s', (a, b, expected) => expect(constantTimeEqual(a, b)).toBe(expected));
});

describe('Bearer', () => {
	const expected = { type: 'bearer' as const, token: TOKEN };

	test('the right token passes, whatever the scheme case and surrounding spaces', () => {
		expect(verifyAuthorization(`Bearer ${TOKEN}`, expected)).toEqual({ ok: true });
		expect(verifyAuthorization(`  bearer   ${TOKEN} `, expected)).toEqual({ ok: true });
		expect(verifyAuthorization([`Bearer ${TOKEN}`], expected)).toEqual({ ok: true });
	});

	test.each([
		[undefined, 'missing'],
		['', 'missing'],
		[TOKEN, 'wrongScheme'],
		[`Basic ${TOKEN}`, 'wrongScheme'],
		[`Bearer ${TOKEN.slice(0, -1)}`, 'mismatch'],
		[`Bearer ${TOKEN}0`, 'mismatch'],
		[`Bearer ${TOKEN.toUpperCase()}`, 'mismatch'],
	])('%j is refused (%s)', (header, reason) => {
		expect(verifyAuthorization(header, expected)).toEqual({ ok: false, reason });
	});

	test('an empty configured token refuses everything, an empty header included', () => {
		expect(verifyAuthorization('Bearer ', { type: 'bearer', token: '' })).toEqual({
			ok: false,
			reason: 'notConfigured',
		});
		expect(verifyAuthorization('Bearer x', { type: 'bearer', token: '' })).toEqual({
			ok: false,
			reason: 'notConfigured',
		});
	});

	test('a configured token or password of spaces only counts as empty', () => {
		expect(verifyAuthorization('Bearer  ', { type: 'bearer', token: ' \n' })).toEqual({
			ok: false,
			reason: 'notConfigured',
		});
		expect(
			verifyAuthorization(`Basic ${Buffer.from('riskos: ').toString('base64')}`, {
				type: 'basic',
				username: 'riskos',
				password: ' ',
			}),
		).toEqual({ ok: false, reason: 'notConfigured' });
	});
});

describe('Basic', () => {
	const expected = { type: 'basic' as const, username: 'riskos', password: 'p:ss wörd' };

	test('the right pair passes; a colon in the password is kept', () => {
		expect(verifyAuthorization(basic('riskos', 'p:ss wörd'), expected)).toEqual({ ok: true });
	});

	test.each([
		['wrong password', basic('riskos', 'p:ss word')],
		['wrong user', basic('riskoz', 'p:ss wörd')],
		['swapped', basic('p:ss wörd', 'riskos')],
		['no colon', `Basic ${Buffer.from('riskosp:ss wörd').toString('base64')}`],
		['user only', `Basic ${Buffer.from('riskos').toString('base64')}`],
	])('%s is a mismatch', (_case, header) => {
		expect(verifyAuthorization(header, expected)).toEqual({ ok: false, reason: 'mismatch' });
	});

	test('a Bearer header is the wrong scheme; a missing password in the credential refuses all', () => {
		expect(verifyAuthorization(`Bearer ${TOKEN}`, expected)).toEqual({
			ok: false,
			reason: 'wrongScheme',
		});
		expect(
			verifyAuthorization(basic('riskos', ''), { type: 'basic', username: 'riskos', password: '' }),
		).toEqual({
			ok: false,
			reason: 'notConfigured',
		});
	});
});
