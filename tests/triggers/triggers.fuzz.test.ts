/**
 * 10,000 random requests per trigger through the real HTTP driver, from a seeded generator (same seed → same
 * requests). Invariants: no crash or thrown error, only expected statuses, never an execution without the right
 * secret, never the secret in an answer or a log line, well-typed items for every execution.
 */
import { NOTIFICATION_EVENTS } from '../../nodes/CoMagic/trigger/events';
import { seededRandom } from '../../sandbox/core/random';
import type { SendOptions, WebhookDriver } from '../harness/webhook';
import { comagic, notification, SECRET, voicebox } from './triggers.helpers';

const RUNS = 10_000;

/** the sandbox's seeded generator: same seed, same requests */
function rng(seed: number) {
	const next = seededRandom(seed);
	const int = (n: number) => Math.floor(next() * n);
	const pick = <T>(list: readonly T[]): T => list[int(list.length)];
	return { next, int, pick };
}
type Rng = ReturnType<typeof rng>;

const KEYS = [
	'event',
	'call_id',
	'response',
	'number_b',
	'guid',
	'call_session_id',
	'notification_name',
	'notification_mnemonic',
	'employee_id',
	'tag_names',
	'token',
	'__proto__',
	'constructor',
	'a',
	'ключ',
	'',
];

function randomText(r: Rng): string {
	const alphabet = [
		'a',
		'Z',
		'0',
		'9',
		' ',
		'"',
		'\\',
		'{',
		'}',
		'[',
		']',
		',',
		':',
		'=',
		'&',
		'%',
		'+',
		'ж',
		'😀',
		'\u0000',
		'\n',
		'null',
		SECRET.slice(0, 5),
	];
	let s = '';
	for (let i = r.int(12); i > 0; i--) s += r.pick(alphabet);
	return s;
}

function randomValue(r: Rng, depth = 0): unknown {
	switch (r.int(depth > 2 ? 6 : 8)) {
		case 0:
			return r.int(1e6) - 1000;
		case 1:
			return r.next() * 1e12;
		case 2:
			return randomText(r);
		case 3:
			return null;
		case 4:
			return r.next() < 0.5;
		case 5:
			return String(r.int(10));
		case 6:
			return Array.from({ length: r.int(4) }, () => randomValue(r, depth + 1));
		default:
			return randomObject(r, depth + 1);
	}
}

function randomObject(r: Rng, depth = 0): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	// defineProperty keeps "__proto__" an own key, as JSON.parse makes it
	for (let i = r.int(6); i > 0; i--) {
		Object.defineProperty(out, r.pick(KEYS), {
			value: randomValue(r, depth),
			enumerable: true,
			writable: true,
			configurable: true,
		});
	}
	return out;
}

const asString = (v: unknown) =>
	typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
/** header values must be visible ASCII */
const ascii = (text: string) => text.replace(/[^\x21-\x7e]/g, '');

type SecretPlan = 'right' | 'wrong' | 'missing';

interface Case {
	options: SendOptions;
	secret: SecretPlan;
}

const CONTENT_TYPES = [
	'application/json',
	'application/json; charset=utf-8',
	'APPLICATION/JSON',
	'application/x-www-form-urlencoded',
	'text/plain',
	null,
	'application/xml',
	'application/octet-stream',
	'multipart/form-data; boundary=x',
];

function randomBody(
	r: Rng,
	valid: () => Record<string, unknown>,
): { body?: unknown; contentType?: string | null } {
	const contentType = r.pick(CONTENT_TYPES);
	switch (r.int(7)) {
		case 0:
			return { body: JSON.stringify(valid()), contentType };
		case 1:
			return { body: JSON.stringify(randomObject(r)), contentType };
		case 2: {
			const text = JSON.stringify(valid());
			return { body: text.slice(0, r.int(text.length)), contentType };
		}
		case 3:
			return {
				body: Buffer.from(Array.from({ length: r.int(64) }, () => r.int(256))),
				contentType,
			};
		case 4: {
			const fields = Object.entries(randomObject(r)).map(
				([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(asString(v))}`,
			);
			return { body: fields.join('&'), contentType };
		}
		case 5:
			return { body: JSON.stringify(randomValue(r)), contentType };
		default:
			return { contentType: r.next() < 0.5 ? contentType : undefined };
	}
}

function randomQuery(
	r: Rng,
	secretName: string | undefined,
	plan: SecretPlan,
): Record<string, string | string[]> {
	const query: Record<string, string | string[]> = {};
	for (let i = r.int(4); i > 0; i--) {
		const key = r.pick(KEYS);
		if (key !== secretName) query[key] = asString(randomValue(r));
	}
	if (secretName !== undefined) {
		if (plan === 'right') query[secretName] = r.next() < 0.8 ? SECRET : [SECRET, randomText(r)];
		if (plan === 'wrong')
			query[secretName] = r.pick([
				randomText(r),
				`${SECRET} `,
				SECRET.toUpperCase(),
				'',
				[randomText(r), SECRET],
			]);
	}
	return query;
}

interface Tally {
	statuses: Record<number, number>;
	executions: number;
	rightSecretSent: number;
}

async function fuzz(
	driver: WebhookDriver,
	seed: number,
	makeCase: (r: Rng) => Case,
	checkItem: (json: Record<string, unknown>) => void,
): Promise<Tally> {
	const r = rng(seed);
	const tally: Tally = { statuses: {}, executions: 0, rightSecretSent: 0 };
	for (let i = 0; i < RUNS; i++) {
		const c = makeCase(r);
		if (c.secret === 'right') tally.rightSecretSent++;
		const res = await driver.send(c.options);
		tally.statuses[res.status] = (tally.statuses[res.status] ?? 0) + 1;
		const context = `case ${i}: ${JSON.stringify(c.options).slice(0, 300)}`;
		if (![200, 400, 401, 404, 413, 422].includes(res.status))
			throw new Error(`status ${res.status} in ${context}`);
		if (res.call?.thrown)
			throw new Error(`webhook() threw ${res.call.thrown.message} in ${context}`);
		if (res.text.includes(SECRET)) throw new Error(`the secret was echoed in ${context}`);
		if (res.call?.executed) {
			tally.executions++;
			if (c.secret !== 'right') throw new Error(`executed without the right secret: ${context}`);
			expect(res.call.items).toHaveLength(1);
			checkItem(res.call.items[0].json as Record<string, unknown>);
		}
		if (c.secret !== 'right' && res.call?.nodeRan) expect(res.status).toBe(401);
	}
	expect(driver.logs.some((l) => l.message.includes(SECRET))).toBe(false);
	return tally;
}

describe('fuzz', () => {
	let driver: WebhookDriver;
	afterEach(async () => driver?.close());

	it(`CoMagic Trigger: ${RUNS} random notifications (seed 20261122)`, async () => {
		// a window longer than the run keeps the figures reproducible (no key expires mid-run)
		driver = await comagic({ options: { duplicateWindow: 86400 } });
		const tally = await fuzz(
			driver,
			20261122,
			(r) => {
				const secret = r.pick<SecretPlan>(['right', 'right', 'wrong', 'missing']);
				const method = r.pick(['GET', 'POST', 'POST', 'PUT']);
				const valid = () => notification(r.pick(NOTIFICATION_EVENTS).key, r.int(50));
				const body = method === 'GET' ? {} : randomBody(r, valid);
				const query = randomQuery(r, 'token', secret);
				if (method === 'GET' && r.next() < 0.5)
					Object.assign(query, {
						event: r.pick(NOTIFICATION_EVENTS).key,
						call_session_id: String(r.int(50)),
					});
				return { secret, options: { method, query, ...body } };
			},
			(json) => {
				expect(typeof json.event).toBe('string');
				expect(typeof json.raw).toBe('object');
				expect(json.callSessionId === null || typeof json.callSessionId === 'number').toBe(true);
				expect(Array.isArray(json.tagNames)).toBe(true);
				expect((json.raw as Record<string, unknown>).token).toBeUndefined();
			},
		);
		console.log(`CoMagic fuzz: ${JSON.stringify(tally)}`);
		expect(tally.executions).toBeGreaterThan(500);
		expect(tally.statuses[401]).toBeGreaterThan(1000);
	}, 300_000);

	it(`MTT Voicebox Trigger: ${RUNS} random callbacks (seed 6061)`, async () => {
		driver = await voicebox({ secretLocation: 'basic' });
		const tally = await fuzz(
			driver,
			6061,
			(r) => {
				const secret = r.pick<SecretPlan>(['right', 'right', 'wrong', 'missing']);
				const method = r.pick(['GET', 'POST', 'PUT', 'PUT', 'PATCH']);
				const valid = () => ({
					call_id: `c-${r.int(40)}`,
					number_b: '79123456789',
					guid: randomText(r),
					response: r.int(8),
				});
				const body = method === 'GET' ? {} : randomBody(r, valid);
				const headers: Record<string, string> = {};
				const password = secret === 'right' ? SECRET : r.pick([randomText(r), `${SECRET}x`, '']);
				if (secret !== 'missing')
					headers.Authorization = `Basic ${Buffer.from(`${randomText(r).replace(/:/g, '')}:${password}`).toString('base64')}`;
				else if (r.next() < 0.3)
					headers.Authorization = r.pick(['Basic', 'Basic !!!', `Bearer ${ascii(randomText(r))}x`]);
				const query = randomQuery(r, undefined, secret);
				if (method === 'GET' && r.next() < 0.6)
					Object.assign(query, { call_id: `c-${r.int(40)}`, response: String(r.int(8)) });
				return { secret, options: { method, headers, query, ...body } };
			},
			(json) => {
				expect(typeof json.outcome).toBe('string');
				expect(typeof json.final).toBe('boolean');
				expect(typeof json.retryable).toBe('boolean');
				expect(typeof json.unknown).toBe('boolean');
				expect(json.code === null || Number.isInteger(json.code)).toBe(true);
			},
		);
		console.log(`Voicebox fuzz: ${JSON.stringify(tally)}`);
		expect(tally.executions).toBeGreaterThan(500);
		expect(tally.statuses[401]).toBeGreaterThan(1000);
	}, 300_000);
});
