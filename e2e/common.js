// What the end-to-end tests share: the simulator's evaluation with documents, and a digest to
// compare the bytes n8n passed on with the ones the simulator served.
'use strict';

const crypto = require('crypto');

/** The evaluation the simulator holds a full set of documents for (sim/server.js SCENARIOS). */
const GOOD_EVAL = '11111111-1111-4111-8111-111111111111';

const sha = (buffer) => crypto.createHash('sha256').update(buffer).digest('hex');

/** Fails with what n8n printed (its exit code, the end of its output) unless `n8n execute` succeeded. */
function expectSucceeded(result) {
	if (result.ok) return;
	throw new Error(
		`n8n execute ended with code ${result.code}:\n${result.stderr.slice(-2000)}\n${result.stdout.slice(-1000)}`,
	);
}

module.exports = { GOOD_EVAL, sha, expectSucceeded };
