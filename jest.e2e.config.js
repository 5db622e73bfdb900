/** End-to-end tests: a real n8n (installed on first use into a cache folder) and the simulator. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/e2e'],
	testMatch: ['**/*.test.js'],
	testTimeout: 5 * 60 * 1000,
	maxWorkers: 1,
};
