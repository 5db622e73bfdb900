/**
 * Byte counts as people read them, for limits and sizes in messages. A leaf module:
 * the HTTP layer and the file readers both word sizes, and neither depends on the other.
 */

export const MB = 1024 * 1024;

export function formatBytes(bytes: number): string {
	if (bytes >= 1024 * MB) return `${+(bytes / 1024 ** 3).toFixed(1)} GB`;
	if (bytes >= MB) return `${+(bytes / 1024 ** 2).toFixed(1)} MB`;
	if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
	return `${bytes} bytes`;
}
