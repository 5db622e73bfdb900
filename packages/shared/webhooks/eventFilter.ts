/**
 * Which webhook event types a trigger accepts: the ones ticked from the known list
 * plus any typed in (services add events by entitlement, and their lists differ
 * between documentation pages). Nothing chosen means every event.
 */

export interface EventFilter {
	selected: string[];
	/** Comma- or newline-separated event types typed in by the user. */
	additional?: string;
}

export function acceptedEvents(filter: EventFilter): Set<string> {
	const typed = (filter.additional ?? '')
		.split(/[,\n]/)
		.map((value) => value.trim())
		.filter(Boolean);
	return new Set(
		[...filter.selected.map((value) => value.trim()).filter(Boolean), ...typed].map((value) =>
			value.toLowerCase(),
		),
	);
}

/** Event types compare case-insensitively (RiskOS writes them lower-case, Unit21 upper-case). */
export function acceptsEvent(filter: EventFilter, eventType: string | undefined): boolean {
	const accepted = acceptedEvents(filter);
	if (accepted.size === 0) return true;
	return eventType !== undefined && accepted.has(eventType.trim().toLowerCase());
}
