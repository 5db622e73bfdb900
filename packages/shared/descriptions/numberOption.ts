/** The UI half of a NumberOption (run/options.ts): its name, default and bounds as shown. */
import type { INodeProperties } from 'n8n-workflow';

import type { NumberOption } from '../run/options';

/** The fields of a number parameter that come from its declaration; extra typeOptions (e.g. numberPrecision) are added. */
export function numberOptionFields(
	option: NumberOption,
	typeOptions: INodeProperties['typeOptions'] = {},
): Pick<INodeProperties, 'name' | 'type' | 'default' | 'typeOptions'> {
	return {
		name: option.name,
		type: 'number',
		default: option.default,
		typeOptions: {
			...(option.min !== undefined ? { minValue: option.min } : {}),
			...(option.max !== undefined ? { maxValue: option.max } : {}),
			...typeOptions,
		},
	};
}
