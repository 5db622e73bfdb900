import {
	readPositive,
	readWholeNumber,
	wholeNumberWithin,
	type NumberOption,
} from '@idv-documents/shared/run/options';

const LIMIT: NumberOption = { name: 'maxSizeMb', default: 50, min: 1 };
const COUNT: NumberOption = { name: 'workers', default: 4, min: 1, max: 20 };

describe('readPositive', () => {
	test('a number above 0 is taken as it is, fractions and values past the UI bounds included', () => {
		expect(readPositive({ maxSizeMb: 2.5 }, LIMIT)).toBe(2.5);
		expect(readPositive({ maxSizeMb: 10_000_000 }, LIMIT)).toBe(10_000_000);
		expect(readPositive({ maxSizeMb: '7' }, LIMIT)).toBe(7);
	});

	test('unset, nonsense, 0 or negative falls back to the default: a limit is never lifted', () => {
		expect(readPositive({}, LIMIT)).toBe(50);
		for (const value of [null, 'many', Number.NaN, Number.POSITIVE_INFINITY, 0, -3])
			expect(readPositive({ maxSizeMb: value as never }, LIMIT)).toBe(50);
	});
});

describe('readWholeNumber', () => {
	test('rounds down and keeps the value within its bounds', () => {
		expect(readWholeNumber({ workers: 7.9 }, COUNT)).toBe(7);
		expect(readWholeNumber({ workers: 500 }, COUNT)).toBe(20);
		expect(readWholeNumber({ workers: 0.5 }, COUNT)).toBe(1);
		expect(readWholeNumber({ workers: -4 }, COUNT)).toBe(1);
	});

	test('unset or not a number gives the default', () => {
		expect(readWholeNumber({}, COUNT)).toBe(4);
		expect(readWholeNumber({ workers: 'many' }, COUNT)).toBe(4);
		expect(readWholeNumber({ workers: Number.NEGATIVE_INFINITY }, COUNT)).toBe(4);
	});

	test('the same for a value already taken out of its collection', () => {
		expect(wholeNumberWithin(99, COUNT)).toBe(20);
		expect(wholeNumberWithin(undefined, COUNT)).toBe(4);
	});

	test('without bounds only rounds', () => {
		expect(readWholeNumber({ n: -2.5 }, { name: 'n', default: 1 })).toBe(-3);
	});
});
