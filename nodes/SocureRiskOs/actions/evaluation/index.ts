/**
 * The Evaluation resource: its operations, registered once. The router looks them up
 * here and the node's description is built from here.
 */
import { resourceProperties } from '../../../descriptions/operations';
import * as downloadDocuments from './downloadDocuments.operation';

export const operations = { downloadDocuments };

export const description = resourceProperties('evaluation', operations, 'downloadDocuments');
