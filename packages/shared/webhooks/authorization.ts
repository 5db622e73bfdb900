/**
 * Checks the Authorization header a webhook sender was told to send (a Bearer token
 * or Basic username and password) against the expected secret, in constant time:
 * both sides are hashed first, so neither the content nor the length of the secret
 * shows in how long a wrong guess takes.
 */
import { createHash, timingSafeEqual } from 'crypto';

export type ExpectedAuthorization =
	| { type: 'bearer'; token: string }
	| { type: 'basic'; username: string; password: string };

export type AuthorizationVerdict =
	| { ok: true }
	| { ok: false; reason: 'notConfigured' | 'missing' | 'wrongScheme' | 'mismatch' };

function digest(value: string): Buffer {
	return createHash('sha256').update(value, 'utf8').digest();
}

/** True when both strings are equal; takes the same time whatever they hold. */
export function constantTimeEqual(actual: string, expected: string): boolean {
	return timingSafeEqual(digest(actual), digest(expected));
}

function splitScheme(header: string): { scheme: string; credentials: string } | undefined {
	const match = /^\s*(\S+)\s+(.+?)\s*$/.exec(header);
	return match ? { scheme: match[1].toLowerCase(), credentials: match[2] } : undefined;
}

export function verifyAuthorization(
	header: string | string[] | undefined,
	expected: ExpectedAuthorization,
): AuthorizationVerdict {
	// An empty secret would let an empty header through: refuse everything instead.
	if (
		expected.type === 'bearer'
			? !expected.token.trim()
			: !expected.username.trim() || !expected.password.trim()
	) {
		return { ok: false, reason: 'notConfigured' };
	}
	const value = Array.isArray(header) ? header[0] : header;
	if (!value || !value.trim()) return { ok: false, reason: 'missing' };
	const parts = splitScheme(value);
	if (!parts || parts.scheme !== expected.type) return { ok: false, reason: 'wrongScheme' };
	if (expected.type === 'bearer') {
		return constantTimeEqual(parts.credentials, expected.token)
			? { ok: true }
			: { ok: false, reason: 'mismatch' };
	}
	const decoded = Buffer.from(parts.credentials, 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	const username = colon >= 0 ? decoded.slice(0, colon) : decoded;
	const password = colon >= 0 ? decoded.slice(colon + 1) : '';
	// Both compared, no short cut: which half was wrong must not show in the timing.
	const usernameMatches = constantTimeEqual(username, expected.username);
	const passwordMatches = constantTimeEqual(password, expected.password);
	return usernameMatches && passwordMatches && colon >= 0
		? { ok: true }
		: { ok: false, reason: 'mismatch' };
}
