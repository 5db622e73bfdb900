/**
 * The Feedback resource: teaching RiskOS which evaluations were fraud, one at a time or
 * from a CSV. The router looks the operations up here and the node's description is built from here.
 */
import { resourceProperties } from '@idv-documents/shared/descriptions/operations';
import * as importCsv from './importCsv.operation';
import * as submit from './submit.operation';

export const operations = { submit, importCsv };

export const description = resourceProperties('feedback', operations, 'submit');
