import { acceptsEvent } from '@idv-documents/shared/webhooks/eventFilter';

test('nothing chosen accepts every event, even one without a type', () => {
	expect(acceptsEvent({ selected: [] }, 'evaluation_completed')).toBe(true);
	expect(acceptsEvent({ selected: [], additional: ' , ' }, undefined)).toBe(true);
});

test('ticked and typed-in types are accepted, case-insensitively; others are not', () => {
	const filter = {
		selected: ['evaluation_completed'],
		additional: 'watchlist_match_found,\n Case_Assigned ',
	};
	expect(acceptsEvent(filter, 'evaluation_completed')).toBe(true);
	expect(acceptsEvent(filter, 'EVALUATION_COMPLETED')).toBe(true);
	expect(acceptsEvent(filter, 'watchlist_match_found')).toBe(true);
	expect(acceptsEvent(filter, 'case_assigned')).toBe(true);
	expect(acceptsEvent(filter, 'evaluation_paused')).toBe(false);
	expect(acceptsEvent(filter, undefined)).toBe(false);
});
