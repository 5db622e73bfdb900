import { recordDelivery } from '@idv-documents/shared/webhooks/repeatMemory';

test('a new ID is remembered, the same ID again is a repeat', () => {
	const first = recordDelivery(undefined, 'evt-1');
	expect(first).toEqual({ repeated: false, remembered: ['evt-1'] });
	const second = recordDelivery(first.remembered, 'evt-2');
	expect(second).toEqual({ repeated: false, remembered: ['evt-1', 'evt-2'] });
	expect(recordDelivery(second.remembered, 'evt-1')).toEqual({
		repeated: true,
		remembered: ['evt-1', 'evt-2'],
	});
});

test('only the newest IDs are kept: an ID pushed out counts as new again', () => {
	let remembered: string[] = [];
	for (let index = 1; index <= 4; index++)
		remembered = recordDelivery(remembered, `evt-${index}`, 3).remembered;
	expect(remembered).toEqual(['evt-2', 'evt-3', 'evt-4']);
	expect(recordDelivery(remembered, 'evt-1', 3)).toEqual({
		repeated: false,
		remembered: ['evt-3', 'evt-4', 'evt-1'],
	});
	expect(recordDelivery(remembered, 'evt-4', 3).repeated).toBe(true);
});

test('a smaller capacity than what is stored trims the memory', () => {
	expect(recordDelivery(['a', 'b', 'c', 'd'], 'e', 2).remembered).toEqual(['d', 'e']);
});

test('whatever else static data holds is ignored, and long IDs are cut to 200 characters', () => {
	expect(recordDelivery({ not: 'a list' }, 'evt-1').remembered).toEqual(['evt-1']);
	expect(recordDelivery(['evt-1', 7, null], 'evt-2').remembered).toEqual(['evt-1', 'evt-2']);
	const long = 'x'.repeat(500);
	const stored = recordDelivery([], long).remembered;
	expect(stored[0]).toHaveLength(200);
	expect(recordDelivery(stored, long).repeated).toBe(true);
});

test('capacity is bounded to 1 … 10,000', () => {
	expect(recordDelivery(['a', 'b'], 'c', 0).remembered).toEqual(['c']);
	const many = Array.from({ length: 10_005 }, (_, index) => `e${index}`);
	expect(recordDelivery(many, 'new', 1e9).remembered).toHaveLength(10_000);
});
