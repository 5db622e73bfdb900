/** Verifik's resources and their operations: what the router may run. */
import type { NodeOperations } from '@idv-documents/shared/run/router';
import * as documentLiveness from './documentLiveness';

export const VERIFIK_OPERATIONS = {
	documentLiveness: documentLiveness.operations,
} satisfies NodeOperations;

export const resourceDescriptions = [...documentLiveness.description];
