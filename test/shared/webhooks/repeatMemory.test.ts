import {
	deliveryKey,
	mergeRemembered,
	recordDelivery,
} from '@idv-documents/shared/webhooks/repeatMemory';

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

test('whatever else static data holds is ignored', () => {
	expect(recordDelivery({ not: 'a list' }, 'evt-1').remembered).toEqual(['evt-1']);
	expect(recordDelivery(['evt-1', 7, null], 'evt-2').remembered).toEqual(['evt-1', 'evt-2']);
});

describe('deliveryKey', () => {
	test('a short string is kept as sent, as earlier versions stored it', () => {
		expect(deliveryKey('a9d1c0de-0000-4000-8000-000000000001')).toBe(
			'a9d1c0de-0000-4000-8000-000000000001',
		);
	});

	test('a number and the string of its digits are different keys', () => {
		expect(deliveryKey(42)).not.toBe(deliveryKey('42'));
		expect(deliveryKey(42)).toBe(deliveryKey(42.0));
		expect(deliveryKey('#n:42')).not.toBe(deliveryKey(42));
	});

	test('long IDs sharing a prefix stay apart, each as a short hash of itself', () => {
		const prefix = 'x'.repeat(500);
		const [a, b] = [deliveryKey(`${prefix}a`), deliveryKey(`${prefix}b`)];
		expect(a).not.toBe(b);
		expect(a).toBe(deliveryKey(`${prefix}a`));
		expect(a.length).toBeLessThanOrEqual(67);
		const stored = recordDelivery([], a).remembered;
		expect(recordDelivery(stored, deliveryKey(`${prefix}a`)).repeated).toBe(true);
		expect(recordDelivery(stored, b).repeated).toBe(false);
	});

	test("no string takes a hash key's form", () => {
		const hashed = deliveryKey('y'.repeat(100));
		expect(deliveryKey(hashed)).not.toBe(hashed);
	});
});

test('keep drops entries before the lookup: a dropped entry counts as new again', () => {
	const fresh = (entry: string) => !entry.startsWith('old');
	expect(recordDelivery(['old-1', 'new-1'], 'old-1', 10, fresh)).toEqual({
		repeated: false,
		remembered: ['new-1', 'old-1'],
	});
	expect(recordDelivery(['old-1', 'new-1'], 'new-1', 10, fresh)).toEqual({
		repeated: true,
		remembered: ['new-1'],
	});
});

test('mergeRemembered: the stored list, then what only the recent one holds', () => {
	expect(mergeRemembered(['a', 'b'], ['b', 'c', 9])).toEqual(['a', 'b', 'c']);
	expect(mergeRemembered(undefined, ['c'])).toEqual(['c']);
	expect(mergeRemembered(['a'], undefined)).toEqual(['a']);
});

test('capacity is bounded to 1 … 10,000', () => {
	expect(recordDelivery(['a', 'b'], 'c', 0).remembered).toEqual(['c']);
	const many = Array.from({ length: 10_005 }, (_, index) => `e${index}`);
	expect(recordDelivery(many, 'new', 1e9).remembered).toHaveLength(10_000);
});
