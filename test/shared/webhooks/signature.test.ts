import { createHmac } from 'crypto';

import {
	parseSignatureHeader,
	signPayload,
	verifySignature,
} from '@idv-documents/shared/webhooks/signature';
import { FAKE_UNIT21_SIGNING_CREDENTIAL as SECRET } from '../../fixtures/credentials';

const NOW = 1_790_000_000;
const BODY = Buffer.from(
	'{"unit21_id": 123, "object_type": "ALERT", "change": "CREATED", "title": "Caf\u00e9"}',
);

/** Written out independently of the code under test: HMAC-SHA256 over "<t>.<raw body>". */
function reference(secret: string, t: number, body: Buffer): string {
	return createHmac('sha256', secret)
		.update(Buffer.concat([Buffer.from(`${t}.`), body]))
		.digest('hex');
}

const check = (
	header: string | undefined,
	overrides: Partial<Parameters<typeof verifySignature>[0]> = {},
) =>
	verifySignature({
		header,
		rawBody: BODY,
		secret: SECRET,
		nowSeconds: NOW,
		toleranceSeconds: 300,
		...overrides,
	});

test('Unit21\'s documented example: t=100, body {"foo": "bar", "baz": 1}', () => {
	const body = Buffer.from('{"foo": "bar", "baz": 1}');
	expect(signPayload('secret', 100, body)).toBe(reference('secret', 100, body));
});

test('parses t and s0 in any order, ignoring other keys and spaces', () => {
	expect(parseSignatureHeader('t=1582702424,s0=CBE7c9')).toEqual({
		timestamp: 1582702424,
		signatures: ['cbe7c9'],
	});
	expect(parseSignatureHeader(' s0=ab , v9=zz, t=5 ,s0=cd')).toEqual({
		timestamp: 5,
		signatures: ['ab', 'cd'],
	});
	expect(parseSignatureHeader('t=5')).toBeUndefined();
	expect(parseSignatureHeader('s0=ab')).toBeUndefined();
	expect(parseSignatureHeader('t=5.5,s0=ab')).toBeUndefined();
	expect(parseSignatureHeader('t=5,s0=not-hex')).toBeUndefined();
});

test('a correct signature within the window passes', () => {
	const t = NOW - 299;
	expect(check(`t=${t},s0=${reference(SECRET, t, BODY)}`)).toEqual({
		ok: true,
		timestamp: t,
		signature: reference(SECRET, t, BODY),
	});
});

test('the matched signature is reported the same however the header is written', () => {
	const signature = reference(SECRET, NOW, BODY);
	for (const header of [
		`t=${NOW},s0=${signature}`,
		`s0=${'0'.repeat(64)}, t=0${NOW}, s0=${signature.toUpperCase()}`,
	])
		expect(check(header)).toEqual({ ok: true, timestamp: NOW, signature });
});

test('one right signature among several (secret rotation) passes', () => {
	expect(check(`t=${NOW},s0=${'0'.repeat(64)},s0=${reference(SECRET, NOW, BODY)}`).ok).toBe(true);
});

test.each([
	[
		'tampered body',
		(t: number) => `t=${t},s0=${reference(SECRET, t, BODY)}`,
		{ rawBody: Buffer.from(BODY.toString().replace('123', '124')) },
	],
	[
		're-serialised JSON',
		(t: number) => `t=${t},s0=${reference(SECRET, t, BODY)}`,
		{ rawBody: Buffer.from(JSON.stringify(JSON.parse(BODY.toString()))) },
	],
	['other secret', (t: number) => `t=${t},s0=${reference('another-secret', t, BODY)}`, {}],
	[
		'timestamp changed after signing',
		(t: number) => `t=${t + 1},s0=${reference(SECRET, t, BODY)}`,
		{},
	],
	[
		'truncated signature',
		(t: number) => `t=${t},s0=${reference(SECRET, t, BODY).slice(0, 62)}`,
		{},
	],
])('%s is a mismatch', (_case, header, overrides) => {
	expect(check(header(NOW), overrides)).toEqual({ ok: false, reason: 'mismatch' });
});

test('stale and far-future timestamps are refused even when correctly signed', () => {
	const old = NOW - 301;
	expect(check(`t=${old},s0=${reference(SECRET, old, BODY)}`)).toEqual({
		ok: false,
		reason: 'stale',
		ageSeconds: 301,
	});
	const future = NOW + 301;
	expect(check(`t=${future},s0=${reference(SECRET, future, BODY)}`)).toEqual({
		ok: false,
		reason: 'stale',
		ageSeconds: -301,
	});
	expect(check(`t=${old},s0=${reference(SECRET, old, BODY)}`, { toleranceSeconds: 600 }).ok).toBe(
		true,
	);
});

test('missing header, body or secret, and malformed headers are refused', () => {
	expect(check(undefined)).toEqual({ ok: false, reason: 'missing' });
	expect(check(`t=${NOW},s0=${reference(SECRET, NOW, BODY)}`, { rawBody: undefined })).toEqual({
		ok: false,
		reason: 'missing',
	});
	expect(check('sha256=abc')).toEqual({ ok: false, reason: 'malformed' });
	expect(check(`t=${NOW},s0=${reference('', NOW, BODY)}`, { secret: '' })).toEqual({
		ok: false,
		reason: 'notConfigured',
	});
});

test('a secret of spaces and line breaks is no secret: refused even when signed with it', () => {
	expect(check(`t=${NOW},s0=${reference(' \n', NOW, BODY)}`, { secret: ' \n' })).toEqual({
		ok: false,
		reason: 'notConfigured',
	});
});
