/** Build Visit Phrase and Plan Next Attempt through WorkflowExecute: no credential, no HTTP. */
import { DateTime } from 'luxon';
import type { IDataObject, INode } from 'n8n-workflow';

import { PACKAGE, runWorkflow, singleNodeWorkflow } from '../harness';

function node(
	operation: string,
	parameters: IDataObject,
	items: IDataObject[],
	extra: Partial<INode> = {},
) {
	return singleNodeWorkflow(
		{ type: `${PACKAGE}.mttVoicebox`, parameters: { operation, ...parameters }, ...extra },
		items,
	);
}

describe('Build Visit Phrase', () => {
	const parameters = {
		visitStart: '={{ $json.start }}',
		timeZone: '={{ $json.tz }}',
		specialty: '={{ $json.specialty }}',
		doctor: '={{ $json.doctor }}',
		patientName: '={{ $json.patient }}',
	};

	it('builds the phrase and the name to address the patient, per item, without credentials', async () => {
		const items = [
			{
				start: '04.06.2026 11:30',
				tz: 'Europe/Moscow',
				specialty: 'эндоскопист',
				patient: 'Иванова  Валерия Сергеевна',
			},
			{
				start: '2026-06-04T11:30:00+03:00',
				tz: 'Asia/Kamchatka',
				specialty: 'Хирург',
				doctor: 'Петров Иван Ильич',
				patient: 'ПЕТРОВА АННА',
			},
		];
		const result = await runWorkflow(node('buildVisitPhrase', parameters, items));
		expect(result.status).toBe('success');
		expect(result.json('Node')).toEqual([
			{
				phrase: 'Эндоскопист, 4 июня, в 11:30',
				visitStart: '2026-06-04T11:30:00.000+03:00',
				date: '2026-06-04',
				time: '11:30',
				timeZone: 'Europe/Moscow',
				firstName: 'Валерия',
				patronymic: 'Сергеевна',
				patientName: 'Валерия Сергеевна',
			},
			{
				phrase: 'Хирург Петров Иван Ильич, 4 июня, в 20:30',
				visitStart: '2026-06-04T20:30:00.000+12:00',
				date: '2026-06-04',
				time: '20:30',
				timeZone: 'Asia/Kamchatka',
				firstName: 'Анна',
				patronymic: '',
				patientName: 'Анна',
			},
		]);
		expect(result.output('Node').map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it.each([
		[
			{ start: 'завтра в 10', tz: 'Europe/Moscow', specialty: 'ЛОР' },
			'"завтра в 10" is not a date and time',
		],
		[{ start: '04.06.2026 11:30', tz: 'MSK', specialty: 'ЛОР' }, '"MSK" is not a time zone'],
		[{ start: '04.06.2026 11:30', tz: 'Europe/Moscow', specialty: ' ' }, 'The specialty is empty'],
	])('%j → %s', async (item, message) => {
		const result = await runWorkflow(node('buildVisitPhrase', parameters, [item]));
		expect(result.status).toBe('error');
		expect(result.nodeError('Node')?.name).toBe('NodeOperationError');
		expect(result.nodeError('Node')?.message).toContain(message);
	});

	it('continues on fail with the error paired to its item', async () => {
		const items = [
			{ start: 'bad', tz: 'Europe/Moscow', specialty: 'ЛОР' },
			{ start: '01.12.2026 09:00', tz: 'Europe/Moscow', specialty: 'ЛОР' },
		];
		const result = await runWorkflow(
			node('buildVisitPhrase', parameters, items, { onError: 'continueRegularOutput' }),
		);
		expect(result.status).toBe('success');
		const out = result.output('Node');
		expect(out[0]).toMatchObject({
			json: { error: expect.stringContaining('"bad"') },
			pairedItem: { item: 0 },
		});
		expect(out[1]).toMatchObject({
			json: { phrase: 'ЛОР, 1 декабря, в 9:00' },
			pairedItem: { item: 1 },
		});
	});
});

describe('Plan Next Attempt', () => {
	// Outcome and Attempts Made left at their defaults: $json.outcome and $json.attemptsMade
	const parameters = {
		timeZone: '={{ $json.tz }}',
		visitStart: '={{ $json.visit }}',
		options: { planFrom: '={{ $json.now }}' },
	};
	const row = {
		outcome: 5,
		attemptsMade: 1,
		tz: 'Europe/Moscow',
		visit: '24.11.2026 12:00',
		now: '2026-11-23T19:30:00+03:00',
	};

	it('plans, stops and gives up per item with the default policy', async () => {
		const items = [
			row, // no answer at 19:30 → Tuesday 09:00
			{ ...row, outcome: 'confirmed' },
			{ ...row, attemptsMade: 3 },
			{ ...row, visit: '24.11.2026 09:30' }, // Tuesday opens 09:00, but the last moment is 08:30
			{ ...row, now: '2026-11-24T13:00:00+03:00' }, // the visit is over
			{ ...row, outcome: 0 }, // an early status: nothing planned
		];
		const result = await runWorkflow(node('planNextAttempt', parameters, items));
		expect(result.status).toBe('success');
		const out = result.json('Node');
		expect(out.map((o) => [o.final, o.outcome, o.nextAttemptAt])).toEqual([
			[false, 'noAnswer', '2026-11-24T09:00:00.000+03:00'],
			[true, 'confirmed', null],
			[true, 'unreached', null],
			[true, 'unreached', null],
			[true, 'unreached', null],
			[false, 'unknown', null],
		]);
		expect(out.every((o) => typeof o.reason === 'string' && o.reason !== '')).toBe(true);
		expect(result.output('Node').map((o) => o.pairedItem)).toEqual(
			items.map((_, item) => ({ item })),
		);
	});

	it('applies the policy fields: windows, interval, retry outcomes, stop before visit', async () => {
		const result = await runWorkflow(
			node(
				'planNextAttempt',
				{
					...parameters,
					maxAttempts: 5,
					intervalMinutes: 30,
					callingWindows: { window: [{ days: [1, 2, 3, 4, 5, 6, 7], from: '21:00', to: '02:00' }] },
					options: {
						planFrom: '={{ $json.now }}',
						retryOutcomes: 'hungUpEarly',
						stopBeforeVisitMinutes: 0,
					},
				},
				[
					{
						...row,
						outcome: 4,
						attemptsMade: 4,
						tz: 'Asia/Kamchatka',
						now: '2026-11-23T23:45:00+12:00',
					},
					{ ...row, outcome: 5, tz: 'Asia/Kamchatka' },
				],
			),
		);
		expect(result.json('Node')).toEqual([
			expect.objectContaining({
				final: false,
				outcome: 'hungUpEarly',
				nextAttemptAt: '2026-11-24T00:15:00.000+12:00',
				attemptsLeft: 1,
			}),
			expect.objectContaining({
				final: true,
				outcome: 'unreached',
				reason: 'Outcome noAnswer is not retried by this policy',
			}),
		]);
	});

	it.each([
		[
			{ callingWindows: { window: [{ days: [1], from: '9am', to: '20:00' }] } },
			{},
			'Window 1 from "9am"',
		],
		[{ callingWindows: { window: [] } }, {}, 'Add at least one calling window'],
		[{}, { tz: 'Moscow' }, '"Moscow" is not a time zone'],
		[{}, { visit: 'soon' }, 'Visit start: "soon" is not a date and time'],
		[{}, { now: 'yesterday' }, 'Plan From "yesterday" is not an ISO 8601 date and time'],
		[{}, { attemptsMade: -1 }, 'Attempts Made must be a whole number of at least 0, got -1'],
	])('bad parameters %j %j → %s', async (extraParameters, itemChange, message) => {
		const result = await runWorkflow(
			node('planNextAttempt', { ...parameters, ...extraParameters }, [{ ...row, ...itemChange }]),
		);
		expect(result.status).toBe('error');
		expect(result.nodeError('Node')?.name).toBe('NodeOperationError');
		expect(result.nodeError('Node')?.message).toContain(message);
	});

	it('continues on fail with the error paired to its item', async () => {
		const result = await runWorkflow(
			node('planNextAttempt', parameters, [{ ...row, tz: 'Nowhere/City' }, row], {
				onError: 'continueRegularOutput',
			}),
		);
		const out = result.output('Node');
		expect(out[0]).toMatchObject({
			json: { error: expect.stringContaining('"Nowhere/City"') },
			pairedItem: { item: 0 },
		});
		expect(out[1]).toMatchObject({ json: { final: false }, pairedItem: { item: 1 } });
	});

	it('plans from the current time when Plan From is empty', async () => {
		const result = await runWorkflow(
			node('planNextAttempt', { ...parameters, visitStart: '', options: {} }, [
				{ ...row, attemptsMade: 0 },
			]),
		);
		const [plan] = result.json('Node');
		expect(plan.final).toBe(false);
		expect(Date.parse(plan.nextAttemptAt as string)).toBeGreaterThanOrEqual(Date.now() - 60_000);
	});

	describe('Attempts Made', () => {
		it("defaults to the item's attemptsMade, the field this node writes", async () => {
			// a saved node that never set Attempts Made (it used to assume 1) now reads the item
			const result = await runWorkflow(
				node('planNextAttempt', parameters, [
					{ ...row, attemptsMade: 3 },
					{ ...row, attemptsMade: 1 },
				]),
			);
			expect(result.status).toBe('success');
			const out = result.json('Node');
			expect(out.map((o) => [o.final, o.outcome, o.attemptsMade, o.attemptsLeft])).toEqual([
				[true, 'unreached', 3, 0],
				[false, 'noAnswer', 1, 2],
			]);
			// a plan's own output plans the next step again without remapping
			const again = await runWorkflow(node('planNextAttempt', parameters, [{ ...row, ...out[1] }]));
			expect(again.json('Node')[0]).toMatchObject({ attemptsMade: 1, final: false });
		});

		it('accepts a whole number written as text', async () => {
			const result = await runWorkflow(
				node('planNextAttempt', parameters, [{ ...row, attemptsMade: ' 2 ' }]),
			);
			expect(result.json('Node')[0]).toMatchObject({ attemptsMade: 2, attemptsLeft: 1 });
		});

		it.each([
			['missing', { attemptsMade: undefined }, 'Attempts Made is empty'],
			['null', { attemptsMade: null }, 'Attempts Made is empty'],
			['empty text', { attemptsMade: '' }, 'Attempts Made is empty'],
			[
				'a fraction',
				{ attemptsMade: 1.5 },
				'Attempts Made must be a whole number of at least 0, got 1.5',
			],
			[
				'a word',
				{ attemptsMade: 'two' },
				'Attempts Made must be a whole number of at least 0, got "two"',
			],
			[
				'a boolean',
				{ attemptsMade: true },
				'Attempts Made must be a whole number of at least 0, got true',
			],
		])('refuses %s instead of assuming 1', async (_label, change, message) => {
			const result = await runWorkflow(
				node('planNextAttempt', parameters, [{ ...row, ...change }]),
			);
			expect(result.status).toBe('error');
			const error = result.nodeError('Node') as unknown as {
				name: string;
				message: string;
				description?: string;
			};
			expect(error.name).toBe('NodeOperationError');
			expect(error.message).toBe(message);
			expect(error.description).toContain('{{ $json.attemptsMade }}');
			expect(error.description).toContain('never reach Max Attempts');
		});

		it('refuses a fixed value that is not a whole number', async () => {
			const result = await runWorkflow(
				node('planNextAttempt', { ...parameters, attemptsMade: '1,5' }, [row]),
			);
			expect(result.nodeError('Node')?.message).toBe(
				'Attempts Made must be a whole number of at least 0, got "1,5"',
			);
		});
	});

	describe('ledger', () => {
		/** The template's ledger values after a plan item, as they stood (appointmentReminder.ts planValues, 0.2.0). */
		const FIN = '($json.error || $json.final || !$json.nextAttemptAt)';
		const TEMPLATE_LEDGER: Record<string, string> = {
			status: `${FIN} ? 'done' : 'due'`,
			outcome: `${FIN} ? ($json.final && !$json.error ? $json.outcome : 'unreached') : null`,
			nextAttemptMs: `${FIN} ? null : DateTime.fromISO($json.nextAttemptAt).toMillis()`,
			nextAttemptAt: `${FIN} ? null : $json.nextAttemptAt`,
			reason: "String($json.error || $json.reason || '')",
			resultState: `${FIN} ? 'pending' : null`,
		};
		const templateLedger = (json: IDataObject) =>
			Object.fromEntries(
				Object.entries(TEMPLATE_LEDGER).map(([column, expression]) => [
					column,
					(
						new Function('$json', 'DateTime', `return ${expression};`) as (
							...a: unknown[]
						) => unknown
					)(json, DateTime),
				]),
			);
		const items = [
			row, // retry: due Tuesday 09:00
			{ ...row, outcome: 'confirmed' }, // final by answer
			{ ...row, outcome: 'operator' },
			{ ...row, attemptsMade: 3 }, // attempt limit
			{ ...row, visit: '24.11.2026 09:30' }, // no slot before the visit
			{ ...row, now: '2026-11-24T13:00:00+03:00' }, // the visit is over
			{ ...row, outcome: 0 }, // unknown outcome: nothing planned
			{ ...row, attemptsMade: 0, outcome: '' }, // the first call
		];

		it('gives the next ledger values of each plan, as the template computed them', async () => {
			const result = await runWorkflow(node('planNextAttempt', parameters, items));
			expect(result.status).toBe('success');
			const out = result.json('Node');
			expect(out.map((o) => o.ledger)).toEqual([
				{
					status: 'due',
					outcome: null,
					nextAttemptMs: Date.parse('2026-11-24T09:00:00+03:00'),
					nextAttemptAt: '2026-11-24T09:00:00.000+03:00',
					reason: out[0].reason,
					resultState: null,
				},
				{
					status: 'done',
					outcome: 'confirmed',
					nextAttemptMs: null,
					nextAttemptAt: null,
					reason: 'The patient answered: confirmed',
					resultState: 'pending',
				},
				expect.objectContaining({ status: 'done', outcome: 'operator', resultState: 'pending' }),
				{
					status: 'done',
					outcome: 'unreached',
					nextAttemptMs: null,
					nextAttemptAt: null,
					reason: 'Attempt limit reached: 3 of 3 calls made',
					resultState: 'pending',
				},
				expect.objectContaining({
					status: 'done',
					outcome: 'unreached',
					reason: expect.stringContaining('No calling window is left'),
				}),
				expect.objectContaining({
					status: 'done',
					outcome: 'unreached',
					reason: 'The visit has already started or passed',
				}),
				// neither final nor planned: done and unreached, as the template had it
				expect.objectContaining({
					status: 'done',
					outcome: 'unreached',
					nextAttemptAt: null,
					resultState: 'pending',
				}),
				expect.objectContaining({ status: 'due', nextAttemptAt: '2026-11-23T19:30:00.000+03:00' }),
			]);
			for (const { ledger, ...plan } of out) expect(ledger).toEqual(templateLedger(plan));
			expect(result.output('Node').map((o) => o.pairedItem)).toEqual(
				items.map((_, item) => ({ item })),
			);
		});

		it('adds only the ledger: the plan fields stay as they were', async () => {
			const [plan] = await runWorkflow(node('planNextAttempt', parameters, [row])).then((r) =>
				r.json('Node'),
			);
			expect(Object.keys(plan)).toEqual([
				'final',
				'outcome',
				'nextAttemptAt',
				'reason',
				'code',
				'unknown',
				'attemptsMade',
				'attemptsLeft',
				'ledger',
			]);
		});

		it('is absent from an error item under Continue On Fail (the template maps those itself)', async () => {
			const result = await runWorkflow(
				node('planNextAttempt', parameters, [{ ...row, tz: 'Nowhere/City' }, row], {
					onError: 'continueRegularOutput',
				}),
			);
			const out = result.output('Node');
			expect(out[0].json.ledger).toBeUndefined();
			expect(out[0]).toMatchObject({
				json: { error: expect.any(String) },
				pairedItem: { item: 0 },
			});
			// what a template writes for it: done, unreached, the error as the reason
			expect(templateLedger(out[0].json)).toEqual({
				status: 'done',
				outcome: 'unreached',
				nextAttemptMs: null,
				nextAttemptAt: null,
				reason: out[0].json.error,
				resultState: 'pending',
			});
			expect(out[1]).toMatchObject({
				json: { ledger: { status: 'due' } },
				pairedItem: { item: 1 },
			});
		});
	});
});
