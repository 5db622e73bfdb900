import { formatBytes, MB } from '@idv-documents/shared/text/bytes';

test('sizes read in the largest unit that fits, with at most one decimal', () => {
	expect(formatBytes(0)).toBe('0 bytes');
	expect(formatBytes(1023)).toBe('1023 bytes');
	expect(formatBytes(1024)).toBe('1 KB');
	expect(formatBytes(1536)).toBe('1.5 KB');
	expect(formatBytes(5 * MB)).toBe('5 MB');
	expect(formatBytes(5 * MB + 1)).toBe('5 MB');
	expect(formatBytes(1.25 * MB)).toBe('1.3 MB');
	expect(formatBytes(1024 * MB)).toBe('1 GB');
	expect(formatBytes(10_000_000_000 * MB)).toBe('9765625 GB');
});
