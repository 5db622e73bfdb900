/**
 * A bounded memory of the delivery IDs a webhook has already accepted, so a sender's
 * retry of a delivery that did arrive is not worked twice. Kept as a plain array
 * (oldest first) because it lives in n8n's workflow static data, which is saved as
 * JSON; only the newest `capacity` IDs are kept.
 */
import { createHash } from 'crypto';

export const DEFAULT_REMEMBERED_DELIVERIES = 1000;
export const MAX_REMEMBERED_DELIVERIES = 10000;
/** Longer IDs are kept as their SHA-256: an ID is a short key, not a place to store payloads. */
const MAX_PLAIN_ID_LENGTH = 64;

/**
 * The key an ID is remembered under. A string is kept as sent (the form earlier versions
 * stored, so their memory still matches); a number is tagged, so 42 and "42" differ; a
 * long string becomes its SHA-256, as a cut would make IDs sharing a prefix collide.
 * A string starting with "#" is tagged too, so no string can take a number's or a hash's form.
 */
export function deliveryKey(id: string | number): string {
	if (typeof id === 'number') return `#n:${String(id)}`;
	if (id.length > MAX_PLAIN_ID_LENGTH)
		return `#h:${createHash('sha256').update(id, 'utf8').digest('hex')}`;
	return id.startsWith('#') ? `#s:${id}` : id;
}

export interface DeliveryRecord {
	/** True when the key was among the remembered ones. */
	repeated: boolean;
	/** The memory to store back: the key appended (or kept), bounded to `capacity`. */
	remembered: string[];
}

/** `capacity` as a whole number from 1 to MAX_REMEMBERED_DELIVERIES (it may come from an expression). */
export function boundedCapacity(capacity: number): number {
	return Math.max(
		1,
		Math.min(
			MAX_REMEMBERED_DELIVERIES,
			Math.floor(Number.isFinite(capacity) ? capacity : DEFAULT_REMEMBERED_DELIVERIES),
		),
	);
}

/** The strings of a stored memory; static data may hold anything a past version wrote. */
export function rememberedKeys(remembered: unknown): string[] {
	return Array.isArray(remembered)
		? remembered.filter((entry): entry is string => typeof entry === 'string')
		: [];
}

/** Both memories in one list, oldest first: `stored`, then what only `recent` holds. */
export function mergeRemembered(stored: unknown, recent: unknown): string[] {
	const merged = rememberedKeys(stored);
	const present = new Set(merged);
	for (const key of rememberedKeys(recent)) if (!present.has(key)) merged.push(key);
	return merged;
}

/**
 * Looks `key` up and remembers it when new. `keep`, when given, drops entries that no
 * longer need remembering (such as signatures past their window) before the lookup.
 */
export function recordDelivery(
	remembered: unknown,
	key: string,
	capacity = DEFAULT_REMEMBERED_DELIVERIES,
	keep?: (entry: string) => boolean,
): DeliveryRecord {
	const limit = boundedCapacity(capacity);
	const all = rememberedKeys(remembered);
	const previous = keep ? all.filter(keep) : all;
	if (previous.includes(key)) return { repeated: true, remembered: previous.slice(-limit) };
	return { repeated: false, remembered: [...previous, key].slice(-limit) };
}
