/**
 * A credential's secret as it travels, and every form of it a server could echo back:
 * what is masked must be what was sent, not only what was stored.
 */
import type { IDataObject } from 'n8n-workflow';

/**
 * Characters a header value cannot carry: control characters (a pasted key's line
 * break) and anything outside Latin-1 (a zero-width space). HTTP clients strip them
 * silently; stripping them here makes the value sent the one this package knows.
 */
const NOT_IN_HEADER = /[^\t\x20-\x7e\x80-\xff]+/g;

/** A secret field's value as sent in a header: control characters removed (a key wrapped over lines is joined), then trimmed. */
export function secretAsSent(value: unknown): string {
	return String(value ?? '')
		.replace(NOT_IN_HEADER, '')
		.trim();
}

/** Every form of the credential's secret fields to mask: as stored, and as sent. */
export function secretForms(credentials: IDataObject, fields: readonly string[]): string[] {
	const forms = new Set<string>();
	for (const field of fields) {
		const stored = credentials[field];
		if (typeof stored !== 'string') continue;
		forms.add(stored);
		forms.add(stored.trim());
		forms.add(secretAsSent(stored));
	}
	return [...forms].filter(Boolean);
}
