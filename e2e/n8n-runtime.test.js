// The n8n installer (tools/n8n/n8n-runtime.js) on a cache that is marked installed but whose
// native modules never built: what a first run left behind when `npm run` leaked the
// project's ignore-scripts into the rebuild. Stand-ins for sqlite3 and isolated-vm build
// their "binding" in an install script, as the real ones do, so they load only if the
// rebuild really ran its scripts; the real n8n is not needed.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');

const realRuntime = require('../tools/n8n/n8n-runtime');

const BINDINGS = {
	sqlite3: `class Database { get(sql, done) { done(null, { answer: 42 }); } close() {} }\nmodule.exports = { Database };\n`,
	'isolated-vm': `class Isolate { createContextSync() { return { evalSync: () => 42 }; } }\nmodule.exports = { Isolate };\n`,
};

/** A cache like a broken first run's: n8n "installed", the native modules not built. */
function brokenCache(realCacheRoot) {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'idv-n8n-broken-'));
	// The Node the runtime installed for real (no download here).
	fs.symlinkSync(
		path.join(realCacheRoot, `node-${realRuntime.N8N_VERSIONS.v2.node}`),
		path.join(root, `node-${realRuntime.N8N_VERSIONS.v2.node}`),
	);
	const dir = path.join(root, `n8n-${realRuntime.N8N_VERSIONS.v2.n8n}`);
	const dependencies = {};
	for (const [name, binding] of Object.entries(BINDINGS)) {
		const moduleDir = path.join(dir, 'node_modules', name);
		fs.mkdirSync(moduleDir, { recursive: true });
		const build = `require('fs').writeFileSync('binding.js', ${JSON.stringify(binding)})`;
		fs.writeFileSync(
			path.join(moduleDir, 'package.json'),
			JSON.stringify({
				name,
				version: '1.0.0',
				main: 'binding.js',
				scripts: { install: `node -e "${build.replace(/"/g, '\\"')}"` },
			}),
		);
		dependencies[name] = '1.0.0';
	}
	fs.writeFileSync(
		path.join(dir, 'package.json'),
		JSON.stringify({ name: 'broken-cache', private: true, dependencies }),
	);
	fs.mkdirSync(path.join(dir, 'node_modules', 'n8n', 'bin'), { recursive: true });
	fs.writeFileSync(path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'), '');
	// The marker the old installer wrote after its scripts-off rebuild.
	fs.writeFileSync(path.join(dir, '.installed'), new Date().toISOString());
	return { root, dir };
}

function loadRuntime(cacheRoot) {
	let runtime;
	const saved = process.env.IDV_N8N_CACHE;
	process.env.IDV_N8N_CACHE = cacheRoot;
	jest.isolateModules(() => {
		runtime = require('../tools/n8n/n8n-runtime');
	});
	process.env.IDV_N8N_CACHE = saved;
	return runtime;
}

test('a cache marked installed whose native modules do not load is rebuilt, even with ignore-scripts exported, then marked', async () => {
	await realRuntime.ensureN8n('v2');
	const { root, dir } = brokenCache(realRuntime.CACHE_ROOT);
	const savedIgnoreScripts = process.env.npm_config_ignore_scripts;
	// What `npm run` exports from the project's .npmrc, and what a user's shell may carry.
	process.env.npm_config_ignore_scripts = 'true';
	const messages = [];
	const write = process.stderr.write.bind(process.stderr);
	process.stderr.write = (chunk, ...rest) => (messages.push(String(chunk)), write(chunk, ...rest));
	try {
		const runtime = await loadRuntime(root).ensureN8n('v2');
		expect(runtime.dir).toBe(dir);
		for (const name of Object.keys(BINDINGS))
			expect(fs.readFileSync(path.join(dir, 'node_modules', name, 'binding.js'), 'utf8')).toBe(
				BINDINGS[name],
			);
		expect(messages.join('')).toMatch(/cannot load its native modules .*: rebuilding them/);
		expect(fs.readFileSync(path.join(dir, '.installed'), 'utf8')).toContain(
			`node ${runtime.nodeBin}`,
		);
		// The runtime's own environment for n8n carries none of the caller's npm settings.
		expect(runtime.env.npm_config_ignore_scripts).toBeUndefined();
	} finally {
		process.stderr.write = write;
		if (savedIgnoreScripts === undefined) delete process.env.npm_config_ignore_scripts;
		else process.env.npm_config_ignore_scripts = savedIgnoreScripts;
		fs.rmSync(root, { recursive: true, force: true });
	}
});
