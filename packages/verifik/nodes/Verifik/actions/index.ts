/** Verifik's resources and their operations: what the router may run. */
import type { NodeMap, NodeOperations } from '@idv-documents/shared/run/router';
import * as documentLiveness from './documentLiveness';

export const VERIFIK_OPERATIONS = {
	documentLiveness: documentLiveness.operations,
} satisfies NodeOperations;

export type VerifikMap = NodeMap<typeof VERIFIK_OPERATIONS>;

export const resourceDescriptions = [...documentLiveness.description];
