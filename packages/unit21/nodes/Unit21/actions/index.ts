/**
 * Unit21's resources and their operations: what the router may run. Every object type
 * takes media the same way (the operation reads the resource to build the path);
 * entities also have operations of their own.
 */
import type { NodeOperations } from '@idv-documents/shared/run/router';
import type { Unit21ObjectType } from '../objectTypes';
import * as entity from './entity';
import * as media from './media';

export const UNIT21_OPERATIONS = {
	entity: entity.operations,
	event: media.operations,
	alert: media.operations,
	case: media.operations,
} satisfies NodeOperations & Record<Unit21ObjectType, unknown>;

export const resourceDescriptions = [...media.description, ...entity.description];
