import { numberOptionFields } from '@idv-documents/shared/descriptions/numberOption';
import { readPositive } from '@idv-documents/shared/run/options';

test('the parameter shows the declared name, default and bounds', () => {
	expect(numberOptionFields({ name: 'workers', default: 4, min: 1, max: 20 })).toEqual({
		name: 'workers',
		type: 'number',
		default: 4,
		typeOptions: { minValue: 1, maxValue: 20 },
	});
});

test('bounds left out are not shown; extra type options are added', () => {
	expect(numberOptionFields({ name: 'rate', default: 0, min: 0 }, { numberPrecision: 2 })).toEqual({
		name: 'rate',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0, numberPrecision: 2 },
	});
	expect(numberOptionFields({ name: 'n', default: 1 }).typeOptions).toEqual({});
});

test('what the UI shows as default is what the code falls back to', () => {
	const option = { name: 'maxSizeMb', default: 50, min: 1 };
	const shown = numberOptionFields(option);
	expect(readPositive({ [String(shown.name)]: undefined }, option)).toBe(shown.default);
});
