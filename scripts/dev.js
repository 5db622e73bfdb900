// npm run dev: a real n8n editor on http://127.0.0.1:5678 with this package loaded, the
// API simulator on http://127.0.0.1:8765, simulator credentials and the example
// workflows imported. Ctrl-C stops both. Rebuilds and reinstalls the package each start.
'use strict';

const path = require('path');

const { CACHE_ROOT, log } = require('../tools/n8n/n8n-runtime');
const { startWithSimulator, loadExamples } = require('../tools/n8n/real-n8n');

async function main() {
	const { sim, n8n } = await startWithSimulator({
		simulator: { port: Number(process.env.SIM_PORT || 8765) },
		instance: { userFolder: path.join(CACHE_ROOT, 'dev-user-folder') },
		workflows: loadExamples().map(({ workflow }) => workflow),
	});
	const port = Number(process.env.N8N_PORT || 5678);
	const server = await n8n.start(port);
	server.child.stdout.pipe(process.stdout);
	server.child.stderr.pipe(process.stderr);
	log(
		`n8n ${n8n.version} editor: http://127.0.0.1:${port} (create the owner account on first visit)`,
	);
	log(
		`simulator: ${sim.url} (scenarios: ${sim.url}/_sim/scenarios, received uploads: ${sim.url}/_sim/received)`,
	);
	const stop = async () => {
		await server.stop();
		await sim.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error) => {
	process.stderr.write(`${error.stack || error}\n`);
	process.exit(1);
});
