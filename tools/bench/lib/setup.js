// What every section shares: the latency simulator, a second one with no added latency (the
// realistic section's) and its credentials, and one real n8n with both sets imported.
'use strict';

const { createSimulator } = require('../../../sim/server');
const { startWithSimulator, simulatorCredentials } = require('../../n8n/real-n8n');
const { socureDefaults, unit21Defaults } = require('./workflows');

const FAST_IDS = { socureRiskOsApi: 'idvFastSocure1', unit21Api: 'idvFastUnit211' };

/** Credentials for the no-latency simulator, and the two nodes at their defaults on them. */
function fastNodes(fastUrl) {
	const fastCredentials = simulatorCredentials(fastUrl)
		.filter((credential) => FAST_IDS[credential.type])
		.map((credential) => ({
			...credential,
			id: FAST_IDS[credential.type],
			name: `${credential.name}, no latency`,
		}));
	const FAST_SOCURE = {
		socureRiskOsApi: { id: FAST_IDS.socureRiskOsApi, name: fastCredentials[0].name },
	};
	const FAST_UNIT21 = { unit21Api: { id: FAST_IDS.unit21Api, name: fastCredentials[1].name } };
	const fastSocure = socureDefaults(FAST_SOCURE);
	const fastUnit21 = unit21Defaults(FAST_UNIT21);
	return { fastCredentials, fastSocure, fastUnit21 };
}

/** Starts the two simulators and n8n; returns them with the fast nodes. */
async function setUp(latencyMs) {
	// The realistic scenario's own simulator, with no added latency, and credentials for it.
	const fast = await createSimulator({ latencyMs: 0 });
	fast.state.recordUploads = false;
	const { fastCredentials, fastSocure, fastUnit21 } = fastNodes(fast.url);
	const { sim, n8n } = await startWithSimulator({
		simulator: { latencyMs },
		credentials: () => fastCredentials,
	});
	sim.state.recordUploads = false;
	return { sim, fast, n8n, fastSocure, fastUnit21 };
}

module.exports = { setUp };
