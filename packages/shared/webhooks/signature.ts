/**
 * Timestamped HMAC signatures of webhook deliveries, in the `t=<unix seconds>,s0=<hex>`
 * header form: the signature is HMAC-SHA256 over `<t>.<raw body>` with the webhook's
 * secret. Verified over the bytes as sent (never re-serialised JSON), in constant
 * time, and only within a window around the signing time so that a captured
 * delivery cannot be replayed later.
 */
import { createHmac, timingSafeEqual } from 'crypto';

export interface SignatureHeader {
	timestamp: number;
	/** Hex signatures under the scheme key (a sender rotating secrets may send several). */
	signatures: string[];
}

export type SignatureVerdict =
	| {
			ok: true;
			timestamp: number;
			/** The signature (hex) that matched: the same for every replay of this delivery. */
			signature: string;
	  }
	| {
			ok: false;
			reason: 'notConfigured' | 'missing' | 'malformed' | 'stale' | 'mismatch';
			ageSeconds?: number;
	  };

export interface SignatureCheck {
	header: string | string[] | undefined;
	rawBody: Buffer | undefined;
	secret: string;
	nowSeconds: number;
	/** Largest accepted distance between the signing time and now, in seconds, either way. */
	toleranceSeconds: number;
	/** The key the signature travels under; `s0` unless the sender says otherwise. */
	schemeKey?: string;
}

/** Parses `t=…,s0=…`; undefined when there is no integer timestamp or no signature. */
export function parseSignatureHeader(
	header: string,
	schemeKey = 's0',
): SignatureHeader | undefined {
	let timestamp: number | undefined;
	const signatures: string[] = [];
	for (const part of header.split(',')) {
		const equals = part.indexOf('=');
		if (equals < 0) continue;
		const key = part.slice(0, equals).trim();
		const value = part.slice(equals + 1).trim();
		if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
		else if (key === schemeKey && /^[0-9a-f]+$/i.test(value)) signatures.push(value.toLowerCase());
	}
	return timestamp !== undefined && signatures.length ? { timestamp, signatures } : undefined;
}

export function signPayload(secret: string, timestamp: number, rawBody: Buffer): string {
	return createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(rawBody).digest('hex');
}

export function verifySignature(check: SignatureCheck): SignatureVerdict {
	// A blank secret would accept what anyone signs with blanks: refuse everything instead.
	if (!check.secret.trim()) return { ok: false, reason: 'notConfigured' };
	const value = Array.isArray(check.header) ? check.header[0] : check.header;
	if (!value || !check.rawBody) return { ok: false, reason: 'missing' };
	const parsed = parseSignatureHeader(value, check.schemeKey);
	if (!parsed) return { ok: false, reason: 'malformed' };
	const ageSeconds = check.nowSeconds - parsed.timestamp;
	if (!(Math.abs(ageSeconds) <= check.toleranceSeconds))
		return { ok: false, reason: 'stale', ageSeconds };
	const expectedHex = signPayload(check.secret, parsed.timestamp, check.rawBody);
	const expected = Buffer.from(expectedHex, 'hex');
	const matches = parsed.signatures.some((signature) => {
		const given = Buffer.from(signature, 'hex');
		return given.length === expected.length && timingSafeEqual(given, expected);
	});
	return matches
		? { ok: true, timestamp: parsed.timestamp, signature: expectedHex }
		: { ok: false, reason: 'mismatch' };
}
