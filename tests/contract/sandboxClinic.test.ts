/**
 * The sandbox clinic speaks contract/clinic-api.openapi.json: every operation and documented status is exercised
 * and each answer validated; its route list and outcomes equal the contract's, so changing one side alone fails.
 */
import axios, { type Method } from 'axios';

import {
	CONTRACT_VERSION,
	OPENAPI,
	matchPath,
	operations,
	outcomes,
	validateRequest,
	validateResponse,
} from '../../contract/validate';
import { startSandbox, type Sandbox } from '../../sandbox';
import type { Visit } from '../../sandbox/clinic';
import { OUTCOMES } from '../../sandbox/clinic/results';
import { CLINIC_ROUTES } from '../../sandbox/clinic/routes';

let sandbox: Sandbox;
const NOW = '2026-11-22T12:00:00.000Z';
const TOMORROW = '2026-11-23';
/** the sandbox answers no 403 (its credential check is all-or-nothing: 401) */
const NOT_PRODUCED_BY_SANDBOX = ['403'];
/** `METHOD /template STATUS` of every answer validated */
const exercised = new Set<string>();

interface Answer {
	status: number;
	data: any;
	contentType: string;
}

/** Calls the clinic API and validates the answer against the contract (status included). */
async function call(
	method: Method,
	path: string,
	body?: unknown,
	headers: Record<string, string> = {},
): Promise<Answer> {
	const res = await axios.request({
		method,
		url: `${sandbox.urls.clinic}${path}`,
		data: body,
		headers,
		validateStatus: () => true,
		responseType: 'text',
		transformResponse: (x) => x,
	});
	const contentType = String(res.headers['content-type'] ?? '');
	expect(contentType).toMatch(/^application\/json/);
	const data = JSON.parse(res.data as string);
	const template = matchPath(path);
	expect(template).toBeDefined();
	const verdict = validateResponse(method.toUpperCase(), path, res.status, data);
	expect({ [`${method} ${path} ${res.status}`]: verdict.errors }).toEqual({
		[`${method} ${path} ${res.status}`]: [],
	});
	exercised.add(`${method.toUpperCase()} ${template} ${res.status}`);
	return { status: res.status, data, contentType };
}

const control = (method: Method, path: string, body?: unknown) =>
	axios.request({
		method,
		url: `${sandbox.baseUrl}/_control${path}`,
		data: body,
		validateStatus: () => true,
	});

async function seed(count: number, extra: Record<string, unknown> = {}): Promise<Visit[]> {
	const res = await control('POST', '/clinic/seed', { count, date: TOMORROW, ...extra });
	expect(res.status).toBe(200);
	return res.data.visits;
}

const scheduled = async (): Promise<Visit> => {
	const res = await control('POST', '/clinic/visits', {
		startAt: '2026-11-23T10:00:00+05:00',
		timeZone: 'Asia/Yekaterinburg',
		phone: '+7 (912) 345-67-89',
	});
	expect(res.status).toBe(200);
	return res.data;
};

const write = async (id: string, body: Record<string, unknown>) => {
	expect(validateRequest('POST', `/visits/${id}/reminder-result`, body).errors).toEqual([]);
	return call('POST', `/visits/${encodeURIComponent(id)}/reminder-result`, body);
};

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
});
afterAll(() => sandbox.stop());
beforeEach(async () => {
	await control('POST', '/reset');
	await control('POST', '/clock', { set: NOW });
});

describe('the contract document', () => {
	it('is version 1.0.0 and names the same routes as the sandbox clinic', () => {
		expect(CONTRACT_VERSION).toBe('1.0.0');
		const norm = (path: string) => path.replace(/\{[^}]+\}|:id/g, '{}').replace(/^\/?/, '/');
		const contract = operations()
			.map((o) => `${o.method} ${norm(o.path)}`)
			.sort();
		const sandboxRoutes = CLINIC_ROUTES.map((r) => {
			const [method, path] = r.split(' ');
			return `${method} ${norm(path)}`;
		}).sort();
		expect(sandboxRoutes).toEqual(contract);
	});

	it('is well-formed: refs resolve, path parameters are declared, every answer is described JSON', () => {
		const doc = OPENAPI as any;
		const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
		for (const ref of refs) {
			const [, section, name] = /#\/components\/(\w+)\/([\w.-]+)/.exec(ref) ?? [];
			expect({ [ref]: !!doc.components[section]?.[name] }).toEqual({ [ref]: true });
		}
		const resolve = (x: any, section: string) =>
			x.$ref ? doc.components[section][x.$ref.split('/').pop()] : x;
		for (const op of operations()) {
			const spec = doc.paths[op.path][op.method.toLowerCase()];
			const declared = (spec.parameters ?? [])
				.map((p: any) => resolve(p, 'parameters'))
				.filter((p: any) => p.in === 'path' && p.required === true)
				.map((p: any) => p.name);
			expect(declared.sort()).toEqual(
				(op.path.match(/\{(\w+)\}/g) ?? []).map((p) => p.slice(1, -1)).sort(),
			);
			for (const status of op.statuses) {
				const response = resolve(spec.responses[status], 'responses');
				expect(response.description).toEqual(expect.any(String));
				expect(response.content['application/json'].schema).toBeDefined();
			}
		}
		expect(new Set(operations().map((o) => o.operationId)).size).toBe(operations().length);
	});

	it('lists the same reminder outcomes as the sandbox', () => {
		expect([...OUTCOMES].sort()).toEqual([...outcomes()].sort());
	});

	it('rejects a request body the sandbox would refuse', () => {
		expect(
			validateRequest('POST', '/visits/V1/reminder-result', { outcome: 'maybe', attempts: 1 }).ok,
		).toBe(false);
		expect(
			validateRequest('POST', '/visits/V1/reminder-result', {
				outcome: 'confirmed',
				attempts: 1,
				extra: 1,
			}).ok,
		).toBe(false);
		expect(
			validateRequest('POST', '/screen-pops', { phone: '79123456789', newPatient: true }).ok,
		).toBe(false);
	});
});

describe('visits', () => {
	it('due-reminders: 200 with the scheduled visits without a final result; 400 for a bad date', async () => {
		const seeded = await seed(30, { invalidPhones: 2 });
		const due = await call('GET', `/visits/due-reminders?for=${TOMORROW}`);
		expect(due.status).toBe(200);
		const expected = seeded
			.filter((v) => v.status === 'scheduled')
			.map((v) => v.id)
			.sort();
		expect(due.data.map((v: Visit) => v.id).sort()).toEqual(expected);
		expect(expected.length).toBeGreaterThan(10);
		expect((await call('GET', '/visits/due-reminders?for=23.11.2026')).status).toBe(400);
		expect((await call('GET', `/visits/due-reminders?for=2026-11-30`)).data).toEqual([]);
	});

	it('list (optional): 200, 400 for a bad date', async () => {
		await seed(5);
		expect((await call('GET', `/visits?date=${TOMORROW}`)).data).toHaveLength(5);
		expect((await call('GET', '/visits?status=cancelled')).status).toBe(200);
		expect((await call('GET', '/visits?date=someday')).status).toBe(400);
	});

	it('one visit: 200 the same as in due-reminders, 404 unknown', async () => {
		await seed(5);
		const [first] = (await call('GET', `/visits/due-reminders?for=${TOMORROW}`)).data as Visit[];
		const one = await call('GET', `/visits/${encodeURIComponent(first.id)}`);
		expect(one.status).toBe(200);
		expect(one.data).toEqual(first);
		const missing = await call('GET', '/visits/no-such-visit');
		expect(missing.status).toBe(404);
		expect(missing.data.error).toMatch(/no visit/);
	});
});

describe('reminder results: the repeat rule', () => {
	it('first write 200 duplicate false; the same again 200 duplicate true and nothing changes; a different one 409', async () => {
		const visit = await scheduled();
		const result = { outcome: 'confirmed', code: 1, attempts: 2, callId: 'c-1', note: null };
		const first = await write(visit.id, result);
		expect(first.data).toMatchObject({ ok: true, duplicate: false });
		expect(first.data.visit.status).toBe('confirmed');
		const held = (await call('GET', `/visits/${visit.id}`)).data;
		expect(held.reminder).toMatchObject({ outcome: 'confirmed', final: true });

		// n8n died mid-write and repeats it: a note may differ, the result is the same
		const again = await write(visit.id, { ...result, note: 'repeated after a restart' });
		expect(again.status).toBe(200);
		expect(again.data.duplicate).toBe(true);
		expect((await call('GET', `/visits/${visit.id}`)).data).toEqual(held);

		const different = await write(visit.id, { ...result, outcome: 'cancelled' });
		expect(different.status).toBe(409);
		expect(different.data.error).toMatch(/already has the final result confirmed/);
		expect((await call('GET', `/visits/${visit.id}`)).data).toEqual(held);
		// other attempts or another call id are a different result too
		expect((await write(visit.id, { ...result, attempts: 3 })).status).toBe(409);
		expect((await write(visit.id, { ...result, callId: 'c-2' })).status).toBe(409);
	});

	it('interim results: the same again is a duplicate, a newer one replaces it, and the final one closes it', async () => {
		const visit = await scheduled();
		const interim = { outcome: 'no_answer', code: 5, attempts: 1, callId: 'c-1' };
		expect((await write(visit.id, interim)).data.duplicate).toBe(false);
		expect((await write(visit.id, interim)).data.duplicate).toBe(true);
		const next = await write(visit.id, { ...interim, attempts: 2, callId: 'c-2' });
		expect(next.data).toMatchObject({
			duplicate: false,
			visit: { reminder: { attempts: 2, final: false } },
		});
		const unreached = await write(visit.id, {
			outcome: 'unreached',
			code: 5,
			attempts: 3,
			callId: 'c-3',
		});
		// patient safety: unreached never cancels the visit
		expect(unreached.data.visit).toMatchObject({ status: 'scheduled', staffFollowUp: true });
		expect((await write(visit.id, interim)).status).toBe(409);
		// a visit holding a final result is no longer due
		const due = (await call('GET', `/visits/due-reminders?for=${TOMORROW}`)).data as Visit[];
		expect(due.map((v) => v.id)).not.toContain(visit.id);
	});

	it('400 for a malformed result, 404 for an unknown visit', async () => {
		const visit = await scheduled();
		const bad = await call('POST', `/visits/${visit.id}/reminder-result`, {
			outcome: 'maybe',
			attempts: 1,
		});
		expect(bad.status).toBe(400);
		expect(bad.data.error).toMatch(/outcome must be one of/);
		const missing = await call('POST', '/visits/nobody/reminder-result', {
			outcome: 'failed',
			attempts: 0,
		});
		expect(missing.status).toBe(404);
	});
});

describe('call routing', () => {
	it('patient by phone: 200 card in any stored shape, 404 a stranger', async () => {
		const visit = await scheduled();
		const card = await call('GET', '/patients/by-phone/79123456789');
		expect(card.status).toBe(200);
		expect(card.data.patient.fullName).toBe(visit.patient.fullName);
		expect(card.data.nextVisit.id).toBe(visit.id);
		expect(card.data.administrator.phone).toMatch(/^7\d{10}$/);
		expect(
			(await call('GET', `/patients/by-phone/${encodeURIComponent('8 912 345-67-89')}`)).status,
		).toBe(200);
		expect((await call('GET', '/patients/by-phone/79990000000')).status).toBe(404);
	});

	it('screen pop: 200 accepted, 400 without an extension', async () => {
		const pop = { extension: '201', phone: '79123456789', newPatient: true, event: 'call_start' };
		expect(validateRequest('POST', '/screen-pops', pop).errors).toEqual([]);
		const ok = await call('POST', '/screen-pops', pop);
		expect(ok.data).toEqual({ ok: true, seq: 1 });
		expect(
			(await call('POST', '/screen-pops', { phone: '79123456789', newPatient: true })).status,
		).toBe(400);
	});
});

describe('credential', () => {
	it('every operation answers 401 {error} without the clinic API token', async () => {
		await control('PUT', '/clinic/config', { apiToken: 'contract-token' });
		try {
			for (const op of operations()) {
				const path = op.path.replace('{visitId}', 'V1').replace('{phone}', '79123456789');
				const body = op.method === 'POST' ? {} : undefined;
				expect((await call(op.method as Method, path, body)).status).toBe(401);
				expect(
					(await call(op.method as Method, path, body, { Authorization: 'Bearer wrong' })).status,
				).toBe(401);
			}
			const authorised = await call('GET', `/visits/due-reminders?for=${TOMORROW}`, undefined, {
				Authorization: 'Bearer contract-token',
			});
			expect(authorised.status).toBe(200);
		} finally {
			await control('PUT', '/clinic/config', { apiToken: null });
		}
	});
});

describe('coverage', () => {
	// runs last (jest keeps file order): a status added to the contract without a case above fails here
	it('every documented status of every operation was answered and validated', () => {
		const documented = operations()
			.flatMap((o) =>
				o.statuses
					.filter((s) => !NOT_PRODUCED_BY_SANDBOX.includes(s))
					.map((s) => `${o.method} ${o.path} ${s}`),
			)
			.sort();
		expect([...exercised].sort()).toEqual(documented);
	});
});
