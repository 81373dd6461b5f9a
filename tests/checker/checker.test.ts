/**
 * The clinic checker (checker/): passes against the sandbox clinic, and against small loopback fakes in front of
 * it, each breaking one requirement, fails exactly that requirement with a message that says what is wrong.
 */
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import axios from 'axios';
import { DateTime } from 'luxon';

import { checkClinic, parseArgs } from '../../checker/cli';
import { REQUIREMENTS, type RequirementId, type Verdict } from '../../checker/requirements';
import { startSandbox, type Sandbox } from '../../sandbox';

let sandbox: Sandbox;
const NOW = '2026-12-09T09:00:00.000Z';
const DATE = '2026-12-10';
const CANCELLED = 'CHECK-CANCELLED';
const TEST_VISIT = 'CHECK-TEST';
/** every requirement: the cancelled visit and the writes to the test visit */
const FULL_RUN = ['--cancelled-visit', CANCELLED, '--write', '--visit', TEST_VISIT];

const control = (method: string, path: string, body?: unknown) =>
	axios.request({
		method,
		url: `${sandbox.baseUrl}/_control${path}`,
		data: body,
		validateStatus: () => true,
	});

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
});
afterAll(() => sandbox.stop());
beforeEach(async () => {
	await control('POST', '/reset');
	await control('POST', '/clock', { set: NOW });
	expect(
		(await control('POST', '/clinic/seed', { count: 12, date: DATE, invalidPhones: 1 })).status,
	).toBe(200);
	const add = (body: Record<string, unknown>) => control('POST', '/clinic/visits', body);
	expect(
		(
			await add({
				id: CANCELLED,
				status: 'cancelled',
				startAt: `${DATE}T11:00:00+03:00`,
				timeZone: 'Europe/Moscow',
			})
		).status,
	).toBe(200);
	// the test visit is on another day, so due-reminders for DATE is the same before and after the writes
	expect(
		(
			await add({
				id: TEST_VISIT,
				startAt: '2026-12-11T12:00:00+05:00',
				timeZone: 'Asia/Yekaterinburg',
			})
		).status,
	).toBe(200);
});

interface Run {
	lines: string[];
	exitCode: number;
	verdict: Record<RequirementId, Verdict>;
	/** the requirement's line and its indented details */
	block(id: RequirementId): string;
}

async function check(url: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Run> {
	const { lines, exitCode, results } = await checkClinic(
		parseArgs(['--url', url, '--date', DATE, ...args], env),
	);
	const verdict = Object.fromEntries(results.map((r) => [r.id, r.verdict])) as Record<
		RequirementId,
		Verdict
	>;
	const block = (id: RequirementId) => {
		const r = results.find((x) => x.id === id)!;
		const start = lines.findIndex((l) => l.startsWith(`${r.verdict}  ${r.text}`));
		expect(start).toBeGreaterThan(0);
		const end = lines.findIndex((l, i) => i > start && !l.startsWith('      '));
		return lines.slice(start, end).join('\n');
	};
	// the line format: one per requirement, then the totals
	expect(lines.filter((l) => /^(pass|FAIL|skip) {2}/.test(l))).toHaveLength(
		Object.keys(REQUIREMENTS).length,
	);
	const failed = results.filter((r) => r.verdict === 'FAIL').length;
	const passed = results.filter((r) => r.verdict === 'pass').length;
	expect(lines[lines.length - 1]).toBe(`clinic check: ${passed} passed, ${failed} failed`);
	expect(exitCode).toBe(failed ? 1 : 0);
	return { lines, exitCode, verdict, block };
}

/** Only `failing` FAILs (none when null); the rest pass, or skip when listed (not checkable past the failure). */
function expectOnly(run: Run, failing: RequirementId | null, skipped: RequirementId[] = []): void {
	const expected = Object.fromEntries(
		(Object.keys(REQUIREMENTS) as RequirementId[]).map((id) => [
			id,
			id === failing ? 'FAIL' : skipped.includes(id) ? 'skip' : 'pass',
		]),
	);
	expect(run.verdict).toEqual(expected);
	if (failing) expect(run.block(failing)).toMatch(/\n {6}fix: /);
}

const READ_ONLY_SKIPS: RequirementId[] = [
	'cancelled',
	'writeFirst',
	'writeRepeat',
	'writeHeld',
	'writeConflict',
	'writeUnchanged',
];
const ALL: RequirementId[] = Object.keys(REQUIREMENTS) as RequirementId[];

interface Upstream {
	status: number;
	contentType: string;
	text: string;
}
type Answer = { status: number; contentType?: string; body: string | Buffer } | 'hang';
type Handler = (
	req: IncomingMessage,
	body: string,
	forward: () => Promise<Upstream>,
) => Promise<Answer>;

/** A loopback server in front of the sandbox clinic; `handle` decides each answer. */
async function fake(handle: Handler): Promise<{ url: string; close(): Promise<void> }> {
	const target = new URL(sandbox.baseUrl);
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const body = Buffer.concat(chunks).toString('utf8');
			const forward = () =>
				new Promise<Upstream>((resolve, reject) => {
					const up = http.request(
						{
							host: target.hostname,
							port: target.port,
							path: req.url,
							method: req.method,
							headers: { ...req.headers, host: target.host },
						},
						(r) => {
							const parts: Buffer[] = [];
							r.on('data', (c: Buffer) => parts.push(c));
							r.on('end', () =>
								resolve({
									status: r.statusCode ?? 0,
									contentType: String(r.headers['content-type'] ?? ''),
									text: Buffer.concat(parts).toString('utf8'),
								}),
							);
						},
					);
					up.on('error', reject);
					up.end(body);
				});
			void handle(req, body, forward).then((answer) => {
				if (answer === 'hang') return;
				res.writeHead(answer.status, {
					'Content-Type': answer.contentType ?? 'application/json; charset=UTF-8',
				});
				res.end(answer.body);
			});
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/clinic`,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/** Forwards, and lets `edit` change the visits in JSON answers (arrays of visits and single visits alike). */
const rewriteVisits =
	(edit: (visit: Record<string, any>, req: IncomingMessage) => void): Handler =>
	async (req, _body, forward) => {
		const up = await forward();
		const data = JSON.parse(up.text);
		const path = (req.url ?? '').split('?')[0];
		if (/\/visits\/[^/]+$/.test(path) || path.endsWith('/due-reminders')) {
			for (const v of Array.isArray(data) ? data : [data])
				if (v && typeof v === 'object' && 'startAt' in v) edit(v, req);
		}
		return { status: up.status, contentType: up.contentType, body: JSON.stringify(data) };
	};

async function withFake(handle: Handler, body: (url: string) => Promise<void>): Promise<void> {
	const server = await fake(handle);
	try {
		await body(server.url);
	} finally {
		await server.close();
	}
}

describe('against the sandbox clinic', () => {
	it('every requirement passes, the writes included, and a second run checks the repeat rules on the held result', async () => {
		const run = await check(sandbox.urls.clinic, FULL_RUN);
		expect(run.verdict).toEqual(Object.fromEntries(ALL.map((id) => [id, 'pass'])));
		expect(run.exitCode).toBe(0);
		expect(run.block('phones')).toMatch(
			/will be skipped as failed: visit V20261210-\d{3}: "[\d-]+" is not a Russian number/,
		);
		// what it wrote: one result, the repeat a duplicate, the different one refused
		const writes = (await control('GET', '/clinic/writes')).data.filter(
			(w: any) => w.visitId === TEST_VISIT,
		);
		expect(writes.map((w: any) => w.status)).toEqual([200, 200, 409]);
		const visit = (await axios.get(`${sandbox.urls.clinic}/visits/${TEST_VISIT}`)).data;
		expect(visit.reminder).toMatchObject({ outcome: 'operator', final: true });

		const again = await check(sandbox.urls.clinic, ['--write', '--visit', TEST_VISIT]);
		expectOnly(again, null, ['cancelled', 'writeFirst']);
		expect(again.block('writeFirst')).toMatch(/already holds the final result operator/);
	});

	it('is read-only without --write; --max-visits caps the visits read back', async () => {
		const log = async () =>
			(await control('GET', '/log?module=clinic')).data.entries as Array<{
				seq: number;
				url: string;
			}>;
		const since = Math.max(0, ...(await log()).map((e) => e.seq));
		const run = await check(sandbox.urls.clinic, ['--max-visits', '2']);
		expectOnly(run, null, READ_ONLY_SKIPS);
		expect(run.block('getVisit')).toMatch(/first 2 of \d+ \(--max-visits\)/);
		const reads = (await log()).filter(
			(e) => e.seq > since && /\/clinic\/visits\/V2026/.test(e.url),
		);
		expect(reads).toHaveLength(2);
		expect((await control('GET', '/clinic/writes')).data).toEqual([]);
	});

	it('a clinic that refuses the same result again (409) fails the repeat rule', async () => {
		await control('PUT', '/clinic/config', { refuseRepeats: true });
		const run = await check(sandbox.urls.clinic, FULL_RUN);
		expectOnly(run, 'writeRepeat');
		expect(run.block('writeRepeat')).toMatch(
			/the same result again → HTTP 409: visit CHECK-TEST already has the final result operator/,
		);
	});
});

describe('broken clinic systems', () => {
	it('a startAt offset that is not the zone offset', async () => {
		// the clinic wrote Moscow's offset on every local time (a server-zone default)
		const broken = rewriteVisits((v) => {
			v.startAt = DateTime.fromISO(v.startAt, { setZone: true })
				.setZone('UTC+3', { keepLocalTime: true })
				.toISO({ suppressMilliseconds: true });
		});
		await withFake(broken, async (url) => {
			const run = await check(url);
			expectOnly(run, 'timeZones', READ_ONLY_SKIPS);
			expect(run.block('timeZones')).toMatch(
				/visit V20261210-\d{3}: startAt 2026-12-10T\d\d:\d\d:00\+03:00 has offset \+03:00, but Asia\/\w+ is \+0[4-9]:00 at that instant/,
			);
		});
	});

	it('visits without id (the id under another name)', async () => {
		const broken = rewriteVisits((v) => {
			v.visitId = v.id;
			delete v.id;
		});
		await withFake(broken, async (url) => {
			const run = await check(url);
			expectOnly(run, 'dueReminders', [...READ_ONLY_SKIPS, 'getVisit', 'idsStable']);
			expect(run.block('dueReminders')).toMatch(/\/0 must have required property 'id'/);
			expect(run.block('getVisit')).toMatch(/no due visit has an id/);
		});
	});

	it('visits wrapped in an object', async () => {
		const wrapped: Handler = async (req, _b, forward) => {
			const up = await forward();
			const body = req.url?.includes('due-reminders') ? `{"visits":${up.text}}` : up.text;
			return { status: up.status, contentType: up.contentType, body };
		};
		await withFake(wrapped, async (url) => {
			const run = await check(url);
			expect(run.verdict.dueReminders).toBe('FAIL');
			expect(run.block('dueReminders')).toMatch(
				/\(body\) must be array[\s\S]*the visits are under "visits": answer the array itself/,
			);
		});
	});

	it('ids that change between due-reminders and GET /visits/{visitId}', async () => {
		const broken = rewriteVisits((v, req) => {
			if (!req.url?.includes('due-reminders')) v.id = `${v.id}-1`;
		});
		await withFake(broken, async (url) => {
			const run = await check(url);
			expectOnly(run, 'idsStable', READ_ONLY_SKIPS);
			expect(run.block('idsStable')).toMatch(
				/visit (V20261210-\d{3}): GET \/visits\/\1 answered id "\1-1"/,
			);
		});
	});

	it('an HTML error page (500) instead of JSON', async () => {
		const page =
			'<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head><body>Ошибка при вызове метода контекста</body></html>';
		await withFake(
			async (req, _b, forward) =>
				req.url?.includes('due-reminders')
					? { status: 500, contentType: 'text/html', body: page }
					: forward().then((u) => ({ status: u.status, contentType: u.contentType, body: u.text })),
			async (url) => {
				const run = await check(url);
				expectOnly(run, 'json', [
					...READ_ONLY_SKIPS,
					'dueReminders',
					'dueDate',
					'dueScheduled',
					'timeZones',
					'phones',
					'getVisit',
					'idsStable',
					'patient',
				]);
				expect(run.block('json')).toMatch(
					/GET \/visits\/due-reminders\?for=2026-12-10: HTTP 500 text\/html: an HTML page «500 Internal Server Error», not JSON/,
				);
				expect(run.block('json')).toMatch(
					/fix: answer every request, errors included, with Content-Type: application\/json/,
				);
			},
		);
	});

	it('a login page answered 200, and JSON with a byte order mark', async () => {
		const login =
			'<html><head><title>Вход</title></head><body><form><input name="user"><input type="password" name="pwd"></form></body></html>';
		await withFake(
			async () => ({ status: 200, contentType: 'text/html; charset=utf-8', body: login }),
			async (url) => {
				const run = await check(url);
				expect(run.verdict.json).toBe('FAIL');
				expect(run.block('json')).toMatch(
					/HTTP 200 text\/html; charset=utf-8: an HTML login page «Вход», not JSON/,
				);
				expect(Object.entries(run.verdict).filter(([, v]) => v === 'FAIL')).toEqual([
					['json', 'FAIL'],
				]);
			},
		);
		const bom = async (
			_r: IncomingMessage,
			_b: string,
			forward: () => Promise<Upstream>,
		): Promise<Answer> => {
			const up = await forward();
			return {
				status: up.status,
				contentType: up.contentType,
				body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(up.text)]),
			};
		};
		await withFake(
			async () => ({ status: 302, contentType: 'text/html', body: '' }),
			async (url) => {
				const run = await check(url);
				expect(run.block('json')).toMatch(/HTTP 302 redirect to \(no Location\), not JSON/);
			},
		);
		await withFake(bom, async (url) => {
			const run = await check(url);
			expect(run.verdict.json).toBe('FAIL');
			expect(run.block('json')).toMatch(/starts with a UTF-8 byte order mark/);
		});
	});

	it('401: the credential is refused, named without printing it', async () => {
		const TOKEN = 'right-token-5Jp';
		const guarded: Handler = async (req, _b, forward) => {
			if (req.headers.authorization !== `Bearer ${TOKEN}`) {
				// a careless server that echoes what it got
				return {
					status: 401,
					body: JSON.stringify({ error: `bad credential ${String(req.headers.authorization)}` }),
				};
			}
			const up = await forward();
			return { status: up.status, contentType: up.contentType, body: up.text };
		};
		await withFake(guarded, async (url) => {
			const wrong = await check(url, ['--bearer', 'wrong-token-9Zq']);
			expectOnly(
				wrong,
				'credential',
				ALL.filter((id) => !['reachable', 'credential'].includes(id)),
			);
			expect(wrong.block('credential')).toMatch(
				/the clinic API refused the credential: HTTP 401 bad credential \*\*\* \(GET \/visits\/due-reminders/,
			);
			expect(wrong.lines.join('\n')).not.toContain('wrong-token-9Zq');
			expect(wrong.lines[0]).toMatch(/Authorization: Bearer \*\*\* \(--bearer\)/);

			const none = await check(url);
			expect(none.block('credential')).toMatch(/sent: no credential/);

			const right = await check(url, [], { CLINIC_API_SECRET: TOKEN });
			expectOnly(right, null, READ_ONLY_SKIPS);
			expect(right.lines.join('\n')).not.toContain(TOKEN);
		});
	});

	it('a repeated write that creates a second result (duplicate: false)', async () => {
		const appends = rewriteVisits(() => undefined);
		const handler: Handler = async (req, body, forward) => {
			if (req.method !== 'POST') return appends(req, body, forward);
			const up = await forward();
			return {
				status: up.status,
				contentType: up.contentType,
				body: up.text.replace('"duplicate":true', '"duplicate":false'),
			};
		};
		await withFake(handler, async (url) => {
			const run = await check(url, FULL_RUN);
			expectOnly(run, 'writeRepeat');
			expect(run.block('writeRepeat')).toMatch(
				/the same result again → 200 with duplicate: false: the clinic system wrote it a second time/,
			);
		});
	});

	it('a different result after a final one accepted (no 409)', async () => {
		const handler: Handler = async (req, _b, forward) => {
			const up = await forward();
			if (req.method === 'POST' && up.status === 409)
				return { status: 200, body: JSON.stringify({ ok: true, duplicate: false }) };
			return { status: up.status, contentType: up.contentType, body: up.text };
		};
		await withFake(handler, async (url) => {
			const run = await check(url, FULL_RUN);
			expectOnly(run, 'writeConflict');
			expect(run.block('writeConflict')).toMatch(
				/a different result \(failed\) after the final operator → HTTP 200/,
			);
		});
	});

	it('a cancelled visit still due', async () => {
		const run = await check(sandbox.urls.clinic, ['--cancelled-visit', 'V20261210-012']);
		expect(run.verdict.cancelled).toBe('FAIL');
		expect(run.block('cancelled')).toMatch(
			/visit V20261210-012 (has status \w+|is in due-reminders)/,
		);
	});

	it('a timeout, a TLS error and a refused connection are named', async () => {
		await withFake(
			async () => 'hang',
			async (url) => {
				const run = await check(url, ['--timeout', '300']);
				expectOnly(
					run,
					'reachable',
					ALL.filter((id) => id !== 'reachable'),
				);
				expect(run.block('reachable')).toMatch(
					/timeout: GET \/visits\/due-reminders\?for=2026-12-10: no answer within 300 ms/,
				);
				expect(run.block('reachable')).toMatch(
					/fix: answer within the Clinic system Settings timeoutMs/,
				);
			},
		);
		// https to a plain-HTTP port: the TLS handshake fails
		const tls = await check(sandbox.urls.clinic.replace('http:', 'https:'), ['--timeout', '3000']);
		expect(tls.verdict.reachable).toBe('FAIL');
		expect(tls.block('reachable')).toMatch(/TLS error: .*(SSL|ssl|EPROTO)/);
		expect(tls.block('reachable')).toMatch(/fix: the API's TLS certificate is not trusted here/);

		const closed = await fake(async () => 'hang');
		await closed.close();
		const refused = await check(closed.url);
		expect(refused.block('reachable')).toMatch(/cannot connect: .*ECONNREFUSED/);
	});
});

describe('command line', () => {
	it('reads secrets from the environment and never puts them in the label', () => {
		const basic = parseArgs(['--url', 'https://1c.local/hs/r', '--date', DATE, '--basic', 'n8n'], {
			CLINIC_API_SECRET: 'p4ss-word',
		});
		expect(basic.credential.headers.Authorization).toBe(
			`Basic ${Buffer.from('n8n:p4ss-word').toString('base64')}`,
		);
		expect(basic.credential.label).toBe('HTTP Basic as n8n');
		const header = parseArgs(
			['--url', 'https://1c.local/hs/r', '--date', DATE, '--header', 'X-Api-Key: k3y-value'],
			{ CLINIC_API_SECRET: 'ignored' },
		);
		expect(header.credential.headers).toEqual({ 'X-Api-Key': 'k3y-value' });
		expect(header.credential.label).toBe('X-Api-Key: ***');
		expect(() => parseArgs(['--url', 'https://u:p@1c.local/', '--date', DATE], {})).toThrow(
			/no credential in --url/,
		);
		expect(() => parseArgs(['--url', 'https://1c.local/', '--date', '10.12.2026'], {})).toThrow(
			/--date must be YYYY-MM-DD/,
		);
		expect(() => parseArgs(['--url', 'https://1c.local/', '--date', DATE, '--write'], {})).toThrow(
			/--write and --visit ID go together/,
		);
		expect(() =>
			parseArgs(['--url', 'https://1c.local/', '--date', DATE, '--basic', 'n8n'], {}),
		).toThrow(/CLINIC_API_SECRET/);
	});
});
