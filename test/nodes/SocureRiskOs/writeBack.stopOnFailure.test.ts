/**
 * Socure RiskOS's writes (Update State, Feedback → Submit and Import CSV): a failing item
 * stops the run, what was in flight finishes, and the error names each item already done
 * with what it wrote, so a run started again can leave it out.
 */
import nock from 'nock';

import { FAKE_SOCURE_CREDENTIAL } from '../../fixtures/credentials';
import { runSocureOperation, SOCURE_SANDBOX as SANDBOX } from '../../fixtures/socure';
import {
	ITEMS,
	JSON_HEADERS,
	expectFourInFlightNoneAfter,
	failItem0WhileInFlight,
	stoppedAfterItems1To3,
} from '../../fixtures/stopOnFailure';
import { useOfflineHttp, type InputItem } from '../../harness/engine';
import { expectNoSecretIn } from '../../harness/secrets';

const CSV_HEADER = 'id,workflow,fraud_label,fraud_type,notes,recorded_at,recorded_by,tags';

useOfflineHttp(nock);

const evaluationId = (index: number) => `0c7d5a4e-1111-4222-8333-00000000000${index}`;

interface WriteCase {
	operation: string;
	parameters: Record<string, unknown>;
	input: InputItem[];
	method: 'put' | 'post';
	path: string | RegExp;
	/** Which item a request is for, from its path or body. */
	itemOf: (path: string, body: string) => number;
	answer: (index: number) => Record<string, unknown>;
	failure: RegExp;
	/** What the error says items 1 to 3 did. */
	done: (index: number) => string;
}

const CASES: WriteCase[] = [
	{
		operation: 'updateState',
		parameters: {
			evaluationId: '={{ $json.evalId }}',
			workflow: 'consumer_onboarding',
			decision: 'REJECT',
			status: 'CLOSED',
		},
		input: Array.from({ length: ITEMS }, (_, index) => ({
			json: { evalId: evaluationId(index) },
		})),
		method: 'put',
		path: /^\/api\/evaluation\/[^/]+\/state$/,
		itemOf: (path) => Number(path.slice(-'0/state'.length, -'/state'.length)),
		// Item 2's answer says nothing: what was sent is named instead.
		answer: (index) =>
			index === 2
				? {}
				: {
						id: `request-${index}`,
						eval_id: evaluationId(index),
						workflow: 'consumer_onboarding',
						decision: 'REJECT',
						status: 'CLOSED',
					},
		failure: new RegExp(`^Evaluation "${evaluationId(0)}" was not found .*\\(item 0\\)$`),
		done: (index) => `evaluation ${evaluationId(index)}: REJECT/CLOSED`,
	},
	{
		operation: 'submit',
		parameters: {
			resource: 'feedback',
			requestId: '={{ $json.requestId }}',
			workflow: 'consumer_onboarding',
			fraudLabel: '={{ $json.label }}',
		},
		input: Array.from({ length: ITEMS }, (_, index) => ({
			json: { requestId: ` APP-${index} `, label: index % 2 ? 'Fraud' : 'non-fraud' },
		})),
		method: 'put',
		path: '/api/feedback',
		itemOf: (_path, body) => Number((JSON.parse(body) as { id: string }).id.slice('APP-'.length)),
		answer: (index) => ({ message: `feedback updated successfully for id APP-${index}` }),
		failure: /^No evaluation with request ID "APP-0" was found .*\(item 0\)$/,
		done: (index) => `feedback for APP-${index}: ${index % 2 ? 'fraud' : 'non-fraud'}`,
	},
	{
		operation: 'importCsv',
		parameters: { resource: 'feedback' },
		input: Array.from({ length: ITEMS }, (_, index) => ({
			json: {},
			binary: {
				data: {
					content: Buffer.from(`${CSV_HEADER}\r\nAPP-${index},consumer_onboarding,fraud,,,,,\r\n`),
					fileName: `rows-${index}.csv`,
					mimeType: 'text/csv',
				},
			},
		})),
		method: 'post',
		path: '/api/feedback/import',
		itemOf: (_path, body) => Number(/filename="rows-(\d+)\.csv"/.exec(body)?.[1]),
		answer: (index) => ({ message: `feedback imported successfully: 1 record (${index})` }),
		failure: /^Socure RiskOS refused the feedback CSV "rows-0\.csv" \(HTTP 400\) \(item 0\)$/,
		done: (index) =>
			`feedback CSV "rows-${index}.csv": feedback imported successfully: 1 record (${index})`,
	},
];

/**
 * Item 0 is refused once four requests have arrived (or 3 s passed); the others are
 * answered 300 ms after they arrive, so items 1 to 3 are in flight when item 0 fails.
 */
function serve(writeCase: WriteCase) {
	const server = failItem0WhileInFlight({
		itemOf: (path, body: unknown) =>
			writeCase.itemOf(
				path,
				typeof body === 'string'
					? body
					: Buffer.isBuffer(body)
						? body.toString('latin1')
						: JSON.stringify(body),
			),
		refusal: () => [
			writeCase.operation === 'importCsv' ? 400 : 404,
			JSON.stringify({ message: `refused (${FAKE_SOCURE_CREDENTIAL})` }),
			JSON_HEADERS,
		],
		answer: (index) => [200, JSON.stringify(writeCase.answer(index)), JSON_HEADERS],
	});
	nock(SANDBOX)
		.intercept(writeCase.path, writeCase.method.toUpperCase())
		.times(ITEMS)
		.reply(server.reply);
	return server;
}

test.each(CASES)(
	'$operation, Concurrency 4: items 1 to 3 finish and the error names what each wrote',
	async (writeCase) => {
		const server = serve(writeCase);
		const result = await runSocureOperation(
			writeCase.operation,
			{ ...writeCase.parameters, options: { concurrency: 4 } },
			{ input: writeCase.input },
		);
		expect(result.error?.message).toMatch(writeCase.failure);
		expectFourInFlightNoneAfter(server);
		expect(result.error?.description).toContain(stoppedAfterItems1To3(writeCase.done));
		expectNoSecretIn(result, [FAKE_SOCURE_CREDENTIAL]);
	},
);
