/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * The node and credential types of the service packages, read the way n8n reads them:
 * from each package's `n8n` block (dist/x/y.js → the source x/y.ts, class named as the file).
 */
import { readdirSync, readFileSync } from 'fs';
import type { ICredentialType, INodeType, IVersionedNodeType } from 'n8n-workflow';
import { basename, join } from 'path';

const PACKAGES_DIR = join(__dirname, '..', '..', 'packages');

interface N8nBlock {
	nodes?: string[];
	credentials?: string[];
}

export interface ServicePackage {
	name: string;
	dir: string;
	nodes: string[];
	credentials: string[];
}

/** Every workspace package that n8n would load (one with an n8n block). */
export const SERVICE_PACKAGES: ServicePackage[] = readdirSync(PACKAGES_DIR)
	.map((dir) => {
		const manifest = JSON.parse(readFileSync(join(PACKAGES_DIR, dir, 'package.json'), 'utf8')) as {
			name: string;
			n8n?: N8nBlock;
		};
		return manifest.n8n
			? {
					name: manifest.name,
					dir: join(PACKAGES_DIR, dir),
					nodes: manifest.n8n.nodes ?? [],
					credentials: manifest.n8n.credentials ?? [],
				}
			: undefined;
	})
	.filter((found): found is ServicePackage => found !== undefined);

function loadClass<T>(pkg: ServicePackage, built: string): T {
	const source = join(pkg.dir, built.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
	const className = basename(source).split('.')[0];
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const loaded = require(source) as Record<string, new () => T>;
	const TypeClass = loaded[className];
	if (!TypeClass) throw new Error(`${source} exports no class ${className}`);
	return new TypeClass();
}

type AnyNodeType = INodeType | IVersionedNodeType;

/** Node types by full type name (`<package>.<name>`). */
export const PACKAGE_NODE_TYPES: Record<string, AnyNodeType> = {};
/** Short node name (`socureRiskOs`) → full type name (`n8n-nodes-socure-riskos.socureRiskOs`). */
export const NODE_TYPE_NAMES: Record<string, string> = {};
/** Credential types by name. */
export const CREDENTIAL_TYPES: Record<string, ICredentialType> = {};

for (const pkg of SERVICE_PACKAGES) {
	for (const built of pkg.nodes) {
		const nodeType = loadClass<AnyNodeType>(pkg, built);
		const name = nodeType.description.name;
		PACKAGE_NODE_TYPES[`${pkg.name}.${name}`] = nodeType;
		NODE_TYPE_NAMES[name] = `${pkg.name}.${name}`;
	}
	for (const built of pkg.credentials) {
		const credentialType = loadClass<ICredentialType>(pkg, built);
		CREDENTIAL_TYPES[credentialType.name] = credentialType;
	}
}

/** The full type of a package node, e.g. nodeTypeName('unit21') → 'n8n-nodes-unit21.unit21'. */
export function nodeTypeName(name: string): string {
	const full = NODE_TYPE_NAMES[name];
	if (!full) throw new Error(`no package has a node named ${name}`);
	return full;
}
