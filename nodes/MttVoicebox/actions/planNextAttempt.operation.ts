import { DateTime } from 'luxon';
import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { asNodeError, sentence } from '../../shared/errors';
import {
	DEFAULT_POLICY,
	ledgerValues,
	planNextAttempt,
	PolicyError,
	type CallingWindow,
} from '../helpers/attempts';
import { FIELDS } from '../helpers/fields';
import { PROVISIONAL_NOTE } from '../helpers/outcomes';
import { toItems } from '../../shared/operation';
import { isValidZone } from '../../shared/timeZone';
import { parseVisitStart } from '../helpers/visitPhrase';

const show = { show: { operation: ['planNextAttempt'] } };

const WEEKDAYS = [
	{ name: 'Friday', value: 5 },
	{ name: 'Monday', value: 1 },
	{ name: 'Saturday', value: 6 },
	{ name: 'Sunday', value: 7 },
	{ name: 'Thursday', value: 4 },
	{ name: 'Tuesday', value: 2 },
	{ name: 'Wednesday', value: 3 },
];

export const description: INodeProperties[] = [
	{
		// the trigger marks a 4 provisional (neither final nor retryable); here it stays a retry reason, used later
		displayName: `A 4 (hung up early) is provisional: ${PROVISIONAL_NOTE} Plan from a 4 only once no final answer came for that call (e.g. when the next attempt is due), and from the 1/2/3 when one came.`,
		name: 'provisionalNotice',
		type: 'notice',
		default: '',
		displayOptions: show,
	},
	{
		displayName: 'Outcome',
		name: 'outcome',
		type: 'string',
		default: '={{ $json.outcome }}',
		placeholder: 'e.g. 5 or noAnswer',
		description:
			'Outcome of the last call: a status code (1 confirmed, 2 cancelled, 3 operator, 4 hung up early, 5 no answer) or its name. A 4 is posted at pickup and a later 1/2/3 for the same call wins: plan from it only once none came. Ignored when no call was made yet.',
		displayOptions: show,
	},
	{
		displayName: 'Attempts Made',
		name: 'attemptsMade',
		// a string field, because n8n's lint allows only a literal number as a number field's default; a number, a
		// mapped number or a whole-number text all work
		type: 'string',
		default: `={{ $json.${FIELDS.attemptsMade} }}`,
		placeholder: 'e.g. 1',
		description: `Calls placed so far for this visit, the one with this outcome included; 0 plans the first call. Defaults to the item's "${FIELDS.attemptsMade}" field (this node's own output carries it). A missing or fractional value stops the node: an unmapped count would never reach Max Attempts.`,
		displayOptions: show,
	},
	{
		displayName: 'Patient Time Zone',
		name: 'timeZone',
		type: 'string',
		required: true,
		default: 'Europe/Moscow',
		placeholder: 'e.g. Asia/Kamchatka',
		description: 'IANA zone the calling windows are read in',
		displayOptions: show,
	},
	{
		displayName: 'Visit Start',
		name: 'visitStart',
		type: 'string',
		default: '',
		placeholder: 'e.g. 2026-06-04T11:30:00+03:00 or 04.06.2026 11:30',
		description:
			'Optional. No attempt is planned after the visit minus "Stop Before Visit"; a past visit ends as unreached.',
		displayOptions: show,
	},
	{
		displayName: 'Max Attempts',
		name: 'maxAttempts',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 3,
		description: 'Calls in total, the first one included',
		displayOptions: show,
	},
	{
		displayName: 'Interval (Minutes)',
		name: 'intervalMinutes',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 60,
		description: 'Least time between a call and the next attempt',
		displayOptions: show,
	},
	{
		displayName: 'Calling Windows',
		name: 'callingWindows',
		type: 'fixedCollection',
		placeholder: 'Add Window',
		typeOptions: { multipleValues: true },
		default: {
			window: [
				{ days: [1, 2, 3, 4, 5], from: '09:00', to: '20:00' },
				{ days: [6, 7], from: '10:00', to: '20:00' },
			],
		},
		description:
			'When the patient may be called, in their own time zone. A window closing earlier than it opens ends the next day.',
		displayOptions: show,
		options: [
			{
				displayName: 'Window',
				name: 'window',
				values: [
					{
						displayName: 'Days',
						name: 'days',
						type: 'multiOptions',
						options: WEEKDAYS,
						default: [1, 2, 3, 4, 5],
					},
					{
						displayName: 'From',
						name: 'from',
						type: 'string',
						default: '09:00',
						placeholder: 'HH:mm',
					},
					{
						displayName: 'To',
						name: 'to',
						type: 'string',
						default: '20:00',
						placeholder: 'HH:mm (24:00 = midnight)',
					},
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show,
		options: [
			{
				displayName: 'Plan From',
				name: 'planFrom',
				type: 'string',
				default: '',
				placeholder: 'e.g. 2026-06-03T10:15:00+03:00',
				description: 'The moment to plan from (ISO 8601); empty = now',
			},
			{
				displayName: 'Retry Outcomes',
				name: 'retryOutcomes',
				type: 'string',
				default: '4, 5',
				description:
					'Comma-separated codes or names that get another attempt (4 hung up early, 5 no answer); answers (confirmed, cancelled, operator) never do',
			},
			{
				displayName: 'Stop Before Visit (Minutes)',
				name: 'stopBeforeVisitMinutes',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 60,
				description: 'No attempt starts later than this long before the visit',
			},
		],
	},
];

interface Options {
	planFrom?: string;
	retryOutcomes?: string;
	stopBeforeVisitMinutes?: number;
}

/**
 * The count as mapped: a whole number of at least 0, also when it arrives as text ("2" from a sheet). Nothing is
 * assumed: a workflow that forgot to map it would otherwise count every call as the first and never stop.
 */
export function attemptsMadeOf(ctx: IExecuteFunctions, i: number): number {
	const raw = ctx.getNodeParameter('attemptsMade', i, undefined) as unknown;
	const text = typeof raw === 'string' ? raw.trim() : undefined;
	const value = text !== undefined && /^\d+$/.test(text) ? Number(text) : raw;
	if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
	const missing = raw === undefined || raw === null || text === '';
	throw new NodeOperationError(
		ctx.getNode(),
		missing
			? 'Attempts Made is empty'
			: `Attempts Made must be a whole number of at least 0, got ${JSON.stringify(raw)}`,
		{
			itemIndex: i,
			description: `Map the number of calls already placed for this visit (0 before the first call) into Attempts Made, e.g. {{ $json.${FIELDS.attemptsMade} }} from your ledger row. The node does not assume a value: an unmapped count would never reach Max Attempts.`,
		},
	);
}

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const fail = (message: string) =>
		new NodeOperationError(this.getNode(), sentence(message), { itemIndex: i });
	const timeZone = String(this.getNodeParameter('timeZone', i, '') ?? '').trim();
	if (!isValidZone(timeZone)) throw fail(`"${timeZone}" is not a time zone (e.g. Europe/Moscow)`);
	const options = this.getNodeParameter('options', i, {}) as Options;
	const planFrom = String(options.planFrom ?? '').trim();
	const now = planFrom === '' ? DateTime.now() : DateTime.fromISO(planFrom, { zone: 'utc' });
	if (!now.isValid) throw fail(`Plan From "${planFrom}" is not an ISO 8601 date and time`);
	const rawVisit = this.getNodeParameter('visitStart', i, '') as unknown;
	let visitStart: DateTime | undefined;
	if (rawVisit !== undefined && rawVisit !== null && String(rawVisit).trim() !== '') {
		const parsed = parseVisitStart(rawVisit, timeZone);
		if (!parsed.ok) throw fail(`visit start: ${parsed.reason}`);
		visitStart = parsed.value;
	}
	const windows = (
		this.getNodeParameter('callingWindows.window', i, []) as Array<Partial<CallingWindow>>
	).map((w) => ({ days: w.days ?? [], from: w.from ?? '', to: w.to ?? '' }));
	const retryOutcomes = String(options.retryOutcomes ?? DEFAULT_POLICY.retryOutcomes.join(','))
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	const attemptsMade = attemptsMadeOf(this, i);
	try {
		const plan = planNextAttempt({
			outcome: this.getNodeParameter('outcome', i, '') as unknown,
			attemptsMade,
			now,
			visitStart,
			policy: {
				timeZone,
				windows,
				retryOutcomes,
				maxAttempts: this.getNodeParameter('maxAttempts', i, DEFAULT_POLICY.maxAttempts) as number,
				intervalMinutes: this.getNodeParameter(
					'intervalMinutes',
					i,
					DEFAULT_POLICY.intervalMinutes,
				) as number,
				stopBeforeVisitMinutes:
					options.stopBeforeVisitMinutes ?? DEFAULT_POLICY.stopBeforeVisitMinutes,
			},
		});
		return toItems([{ ...plan, ledger: { ...ledgerValues(plan) } }], i);
	} catch (error) {
		if (error instanceof PolicyError) throw fail(error.message);
		throw asNodeError(this.getNode(), error, i);
	}
}
