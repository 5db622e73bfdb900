/**
 * A bounded memory of the delivery IDs a webhook has already accepted, so a sender's
 * retry of a delivery that did arrive is not worked twice. Kept as a plain array
 * (oldest first) because it lives in n8n's workflow static data, which is saved as
 * JSON; only the newest `capacity` IDs are kept.
 */

export const DEFAULT_REMEMBERED_DELIVERIES = 1000;
export const MAX_REMEMBERED_DELIVERIES = 10000;
/** Longer IDs are cut: an ID is a short key, not a place to store payloads. */
const MAX_ID_LENGTH = 200;

export interface DeliveryRecord {
	/** True when the ID was among the remembered ones. */
	repeated: boolean;
	/** The memory to store back: the ID appended (or kept), bounded to `capacity`. */
	remembered: string[];
}

export function recordDelivery(
	remembered: unknown,
	id: string,
	capacity = DEFAULT_REMEMBERED_DELIVERIES,
): DeliveryRecord {
	const limit = Math.max(
		1,
		Math.min(
			MAX_REMEMBERED_DELIVERIES,
			Math.floor(Number.isFinite(capacity) ? capacity : DEFAULT_REMEMBERED_DELIVERIES),
		),
	);
	// Static data may hold anything a past version wrote: keep only strings.
	const previous = Array.isArray(remembered)
		? remembered.filter((entry): entry is string => typeof entry === 'string')
		: [];
	const key = id.slice(0, MAX_ID_LENGTH);
	if (previous.includes(key)) return { repeated: true, remembered: previous.slice(-limit) };
	return { repeated: false, remembered: [...previous, key].slice(-limit) };
}
