import nock from 'nock';

import { VERIFIK_API, nestedRecord, runVerifik } from '../../../fixtures/verifik';
import { useOfflineHttp } from '../../../harness/engine';

useOfflineHttp(nock);

describe('get many', () => {
	const page = (ids: string[], pageNumber: number, pages: number, limit: number) => ({
		success: true,
		data: ids.map((id) => nestedRecord(id)),
		pagination: { page: pageNumber, limit, total: 250, pages },
	});
	const ids = (from: number, count: number) =>
		Array.from({ length: count }, (_, i) => `dl_${from + i}`);

	test('return all follows pagination.pages in pages of 100, with filters', async () => {
		const scope = nock(VERIFIK_API);
		for (const [pageNumber, count] of [
			[1, 100],
			[2, 100],
			[3, 50],
		]) {
			scope
				.get('/v2/document-liveness')
				.query({
					status: 'failed',
					'populates[]': ['client', 'appRegistration'],
					page: String(pageNumber),
					limit: '100',
				})
				.reply(200, page(ids((pageNumber - 1) * 100, count), pageNumber, 3, 100));
		}
		const result = await runVerifik({
			operation: 'getMany',
			returnAll: true,
			filters: { status: 'failed', populates: ['client', 'appRegistration'] },
		});
		expect(scope.isDone()).toBe(true);
		const items = result.output('Verifik');
		expect(items).toHaveLength(250);
		expect(items.map((item) => item.json._id)).toEqual(ids(0, 250));
		expect(items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	test('a limit above one page keeps one page size: page 2 of 100, of which the first 30 are kept', async () => {
		const scope = nock(VERIFIK_API)
			.get('/v2/document-liveness')
			.query({ page: '1', limit: '100' })
			.reply(200, page(ids(0, 100), 1, 3, 100))
			.get('/v2/document-liveness')
			.query({ page: '2', limit: '100' })
			.reply(200, page(ids(100, 100), 2, 3, 100));
		const items = (await runVerifik({ operation: 'getMany', returnAll: false, limit: 130 })).output(
			'Verifik',
		);
		expect(scope.isDone()).toBe(true);
		expect(items.map((item) => item.json._id)).toEqual(ids(0, 130));
	});

	test('a small limit is one request; an empty list is no items', async () => {
		nock(VERIFIK_API)
			.get('/v2/document-liveness')
			.query({ page: '1', limit: '5' })
			.reply(200, page(ids(0, 5), 1, 50, 5));
		expect((await runVerifik({ operation: 'getMany', limit: 5 })).output('Verifik')).toHaveLength(
			5,
		);
		nock(VERIFIK_API)
			.get('/v2/document-liveness')
			.query({ page: '1', limit: '100' })
			.reply(200, {
				success: true,
				data: [],
				pagination: { page: 1, limit: 100, total: 0, pages: 0 },
			});
		const result = await runVerifik({ operation: 'getMany', returnAll: true });
		expect(result.error).toBeUndefined();
		expect(result.output('Verifik')).toEqual([]);
	});

	test('400 INVALID_PARAMETERS is reported as such', async () => {
		nock(VERIFIK_API).get('/v2/document-liveness').query(true).reply(400, {
			success: false,
			error: 'Invalid query parameters',
			code: 'INVALID_PARAMETERS',
		});
		const result = await runVerifik({ operation: 'getMany', limit: 5 });
		expect(result.error?.message).toMatch(/refused the query parameters \(INVALID_PARAMETERS\)/);
	});
});
