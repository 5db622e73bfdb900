// End-to-end in n8n's queue mode, the way users scale: one main (webhooks, enqueueing)
// and two workers (`n8n worker`) over Redis, sharing a PostgreSQL database, binary data
// in that database (N8N_DEFAULT_BINARY_DATA_MODE=database; filesystem mode is not
// supported in queue mode). The packed package is installed for each process, in its own
// user folder. 20 RiskOS events arrive at once; each runs Socure RiskOS → Unit21.
'use strict';

const crypto = require('crypto');

const { createSimulator } = require('../sim/server');
const { documentFiles } = require('../sim/documents');
const {
	activateWorkflow,
	createInstance,
	simulatorCredentials,
	loadExamples,
	RISKOS_WEBHOOK_AUTHORIZATION,
	N8N_LINE: LINE,
} = require('../tools/n8n/real-n8n');
const { startRedis, startPostgres, freePort } = require('../tools/n8n/queue-services');
const { sha } = require('./common');

const CHAINS = 20;
const WORKFLOW_ID = 'idvExample02';
// Evaluations the simulator answers with images unique to each one, so a mix-up between chains shows.
const evaluationId = (index) =>
	`a${String(index).padStart(7, '0')}-0000-4000-8000-${crypto.createHash('md5').update(String(index)).digest('hex').slice(0, 12)}`;
const customerId = (index) => `queue-customer-${String(index).padStart(2, '0')}`;

let sim;
let redis;
let postgres;
let main;
const workers = [];
let mainPort;
const started = Date.now();

beforeAll(
	async () => {
		sim = await createSimulator();
		[redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
		const queueEnv = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_USER: postgres.user,
			DB_POSTGRESDB_DATABASE: postgres.database,
			// 2.x keeps binaries in its binary_data table; 1.x has no such mode, and its default
			// (binaries inside the execution data, in the database) is the one queue mode supports.
			N8N_DEFAULT_BINARY_DATA_MODE: LINE === 'v1' ? 'default' : 'database',
			// Info level: the workers log which execution each one ran.
			N8N_LOG_LEVEL: 'info',
		};
		// One user folder per process, each with the package installed, as on separate machines.
		const [mainInstance, ...workerInstances] = await Promise.all(
			[0, 1, 2].map(() => createInstance({ line: LINE, env: queueEnv })),
		);
		main = mainInstance;
		await main.importCredentials(simulatorCredentials(sim.url));
		const example = loadExamples().find(({ workflow }) => workflow.id === WORKFLOW_ID).workflow;
		await main.importWorkflow(example);
		await activateWorkflow(main, WORKFLOW_ID);
		mainPort = await freePort();
		// One after another: three n8n processes booting at once on a busy 2-core machine outlast the readiness wait.
		main.server = await main.start(mainPort);
		for (const instance of workerInstances)
			workers.push(await instance.worker(await freePort(), 5));
		process.stdout.write(
			`queue e2e: Redis, PostgreSQL, main and two workers ready in ${Math.round((Date.now() - started) / 1000)} s\n`,
		);
	},
	30 * 60 * 1000,
);

afterAll(async () => {
	await Promise.all([main?.server?.stop(), ...workers.map((worker) => worker.stop())]);
	await Promise.all([redis?.stop(), postgres?.stop(), sim?.close()]);
	process.stdout.write(`queue e2e: ${Math.round((Date.now() - started) / 1000)} s in all\n`);
});

async function postEvent(index) {
	const body = JSON.stringify({
		event_id: `evt-queue-${index}`,
		event_type: 'evaluation_completed',
		data: { eval_id: evaluationId(index), customer_user_id: customerId(index) },
	});
	for (let attempt = 0; attempt < 20; attempt++) {
		const response = await fetch(`http://127.0.0.1:${mainPort}/webhook/socure-riskos-events`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', Authorization: RISKOS_WEBHOOK_AUTHORIZATION },
			body,
		});
		// A fresh webhook may answer 404 for about a second after start-up.
		if (response.status !== 404) return response;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error('the webhook never registered');
}

/** The execution IDs a worker's log says it finished. */
function finishedBy(worker) {
	return [...worker.output().matchAll(/Worker finished execution (\d+)/g)].map((match) => match[1]);
}

test(
	'20 concurrent webhook-started Socure → Unit21 chains run on both workers, every file byte-identical, binaries in the database',
	async () => {
		const responses = await Promise.all(
			Array.from({ length: CHAINS }, (_, index) => postEvent(index)),
		);
		expect(responses.map((response) => response.status)).toEqual(Array(CHAINS).fill(200));

		const expectedFiles = CHAINS * 5;
		const deadline = Date.now() + 4 * 60 * 1000;
		const settled = () =>
			Number(
				postgres.query(
					`select count(*) from execution_entity where "workflowId" = '${WORKFLOW_ID}' and status in ('success', 'error', 'crashed', 'canceled')`,
				),
			);
		const filesReceived = () => sim.received.reduce((sum, upload) => sum + upload.files.length, 0);
		// A worker logs "finished" just after it saves the execution's status: wait for the logs too.
		const logged = () => workers.flatMap(finishedBy).length;
		while (
			Date.now() < deadline &&
			(filesReceived() < expectedFiles || settled() < CHAINS || logged() < CHAINS)
		)
			await new Promise((resolve) => setTimeout(resolve, 500));

		// Every execution succeeded…
		const executions = postgres
			.query(
				`select id, status, mode from execution_entity where "workflowId" = '${WORKFLOW_ID}' order by id`,
			)
			.split('\n')
			.map((row) => row.split('|'));
		expect(executions).toHaveLength(CHAINS);
		expect(executions.map(([, status, mode]) => [status, mode])).toEqual(
			Array(CHAINS).fill(['success', 'webhook']),
		);

		// …on a worker: each execution finished on exactly one of them, and both took work.
		const ids = executions.map(([id]) => id).sort();
		const perWorker = workers.map(finishedBy);
		expect([...perWorker[0], ...perWorker[1]].sort()).toEqual(ids);
		expect(perWorker[0].length).toBeGreaterThan(0);
		expect(perWorker[1].length).toBeGreaterThan(0);
		expect(main.server.output()).not.toMatch(/Worker finished execution/);

		// Every file arrived at the simulated Unit21 once, on its own customer, byte for byte.
		for (let index = 0; index < CHAINS; index++) {
			const uploads = sim.received.filter((upload) => upload.objectId === customerId(index));
			const originals = new Map(
				documentFiles(evaluationId(index)).map(([zipPath, content]) => [
					zipPath.split('/').pop(),
					sha(content),
				]),
			);
			const files = uploads.flatMap((upload) => upload.files);
			expect(files.map((file) => file.fileName).sort()).toEqual([...originals.keys()].sort());
			for (const file of files)
				expect([file.fileName, file.sha256]).toEqual([file.fileName, originals.get(file.fileName)]);
		}
		expect(sim.received.reduce((sum, upload) => sum + upload.files.length, 0)).toBe(expectedFiles);

		// On 1.x the binaries travelled inside the execution data: the uploads above are the proof.
		if (LINE === 'v1') return;
		// The files the Socure node wrote live in n8n's binary_data table, five per execution,
		// byte for byte (filesystem mode is not supported in queue mode).
		const stored = postgres
			.query(
				`select "sourceId", "fileName", encode(sha256(data), 'hex') from binary_data where "sourceType" = 'execution' order by "sourceId", "fileName"`,
			)
			.split('\n')
			.map((row) => row.split('|'));
		expect([...new Set(stored.map(([id]) => id))].sort()).toEqual(ids);
		const allOriginals = new Map(
			Array.from({ length: CHAINS }, (_, index) => documentFiles(evaluationId(index)))
				.flat()
				.map(([zipPath, content]) => [sha(content), zipPath.split('/').pop()]),
		);
		expect(stored).toHaveLength(expectedFiles);
		for (const [, fileName, digest] of stored) expect(allOriginals.get(digest)).toBe(fileName);
	},
	10 * 60 * 1000,
);
