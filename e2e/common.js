// What the end-to-end tests share: the simulator's evaluation with documents, and a digest to
// compare the bytes n8n passed on with the ones the simulator served.
'use strict';

const crypto = require('crypto');

/** The evaluation the simulator holds a full set of documents for (sim/server.js SCENARIOS). */
const GOOD_EVAL = '11111111-1111-4111-8111-111111111111';

const sha = (buffer) => crypto.createHash('sha256').update(buffer).digest('hex');

module.exports = { GOOD_EVAL, sha };
