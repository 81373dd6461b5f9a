/**
 * Call-log export through a real n8n: a Webhook-started workflow runs the CoMagic node (Call Log → Get Many, Return
 * All, all fields) against the sandbox running in its own process, for 10k / 100k / 300k calls over 1 and 4 months.
 * Judged from the sandbox's request log: requests against the minimum, and from /proc: the n8n process's peak RSS
 * growth during the export against the size of the rows as JSON (the node's output items), and against n8n's own
 * HTTP Request node replaying the same requests in a fresh n8n of its own (the reference).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';

import axios from 'axios';
import { DateTime } from 'luxon';

import { COMAGIC_ACCESS_KEY, COMAGIC_TIMEZONE } from '../sandbox/comagic/defaults';
import { bootN8n, freePort, PACKAGE, ROOT, type N8n } from '../tooling/n8n/n8n';
import { peakRssBytes, resetPeak, rssBytes } from './process';
import { MB, show, spread } from './stats';
import { withN8nOutput } from './process';
import { START_TIMEOUT_MS, type Benchmark, type BenchOptions } from './types';

const PAGE = 10_000;
/** the Data API's offset cap plus one page: a window holding more must be split by time (see transport/paging) */
const REACHABLE = 110_000;
const HOOK = '7d2e4f60-1b3a-4c5d-8e9f-0a1b2c3d4e01';
/** issue 15: peak RSS growth at most twice the output */
const MEMORY_GOAL = 2;

interface LogEntry {
	seq: number;
	direction: string;
	rpcMethod?: string;
	body?: string;
}

/** `npm run sandbox` in its own process, so its stored calls are not in any measured heap. */
async function sandboxProcess(): Promise<{ base: string; child: ChildProcess }> {
	const port = await freePort();
	// node itself (not npx), so the child is the sandbox and stopping it stops the sandbox
	const child = spawn(
		process.execPath,
		[
			require.resolve('ts-node/dist/bin.js'),
			'--transpile-only',
			'sandbox/cli.ts',
			'--port',
			String(port),
		],
		{ cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	let output = '';
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => {
			child.kill('SIGTERM');
			reject(new Error(`the sandbox did not start within 5 minutes: ${output}`));
		}, 300_000);
		const onData = (d: Buffer) => {
			output += d.toString();
			if (output.includes('Sandbox listening')) {
				clearTimeout(timer);
				resolve();
			}
		};
		child.stdout?.on('data', onData);
		child.stderr?.on('data', onData);
		child.once('exit', (code) => reject(new Error(`the sandbox exited (${code}): ${output}`)));
	});
	return { base: `http://127.0.0.1:${port}`, child };
}

interface Step {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	webhookId?: string;
	credentials?: Record<string, unknown>;
}

/**
 * Webhook → the steps in a row → Count, the workflow both exports run: one small item goes back to the caller and
 * the rows stay inside n8n, as in a clinic's export.
 */
function exportWorkflow(id: string, name: string, steps: Step[]) {
	const nodes: Step[] = [
		{
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			webhookId: HOOK,
			parameters: { httpMethod: 'POST', path: HOOK, responseMode: 'lastNode', options: {} },
		},
		...steps,
		{
			name: 'Count',
			type: 'n8n-nodes-base.summarize',
			typeVersion: 1.1,
			parameters: {
				fieldsToSummarize: { values: [{ aggregation: 'countUnique', field: 'id' }] },
				options: {},
			},
		},
	].map((node, i) => ({ id: `${id}-${i}`, position: [i * 220, 0], ...node }));
	const connections = Object.fromEntries(
		nodes
			.slice(1)
			.map((next, i) => [nodes[i].name, { main: [[{ node: next.name, type: 'main', index: 0 }]] }]),
	);
	return { id, name, nodes, connections, settings: { executionOrder: 'v1' } };
}

/** The package's export: Call Log → Get Many, Return All, every field, over the period the request names. */
const packageExport = () =>
	exportWorkflow('benchCallLogExport', 'Bench call log export', [
		{
			name: 'Call Log',
			type: `${PACKAGE}.coMagic`,
			typeVersion: 1,
			credentials: { coMagicApi: { id: 'benchCoMagic', name: 'CoMagic bench' } },
			parameters: {
				resource: 'callLog',
				operation: 'getMany',
				period: 'custom',
				dateFrom: '={{ $json.body.from }}',
				dateTill: '={{ $json.body.till }}',
				returnAll: true,
				simplify: false,
			},
		},
	]);

/**
 * The reference: the same requests sent by n8n's own nodes, the way a workflow without this package reads the Data
 * API (one HTTP Request per page, the rows split out into items), so the growth n8n itself needs for that output is
 * measured in the same run.
 */
const referenceExport = (dataApiUrl: string) =>
	exportWorkflow('benchCallLogReference', 'Bench call log export, n8n HTTP Request', [
		{
			name: 'Pages',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			parameters: { fieldToSplitOut: 'body.pages', options: {} },
		},
		{
			name: 'Fetch page',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				method: 'POST',
				url: dataApiUrl,
				sendBody: true,
				specifyBody: 'json',
				jsonBody:
					"={{ JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'get.calls_report', params: $json }) }}",
				options: {},
			},
		},
		{
			name: 'Rows',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			parameters: { fieldToSplitOut: 'result.data', options: {} },
		},
	]);

async function rpc(
	dataApi: string,
	params: Record<string, unknown>,
	attempt = 1,
): Promise<{ data: unknown[]; metadata: { total_items: number } }> {
	const res = await axios
		.post(
			dataApi,
			{ jsonrpc: '2.0', id: 1, method: 'get.calls_report', params },
			{ maxContentLength: Infinity },
		)
		.catch(async (error: Error) => {
			// a busy machine sometimes drops a connection; the read-back is not part of the measurement
			if (attempt >= 3) throw error;
			await new Promise((r) => setTimeout(r, 1000 * attempt));
			return undefined;
		});
	if (!res) return await rpc(dataApi, params, attempt + 1);
	if (res.data.error) throw new Error(`the sandbox answered ${JSON.stringify(res.data.error)}`);
	return res.data.result as { data: unknown[]; metadata: { total_items: number } };
}

/** One export; the request counts and JSON size come from the sandbox, the memory from /proc. */
async function exportOnce(
	n8n: N8n,
	control: string,
	body: Record<string, unknown>,
	idleBytes: number,
) {
	const pid = n8n.pid() as number;
	const before = ((await axios.get(`${control}/log`)).data.entries as LogEntry[]).at(-1)?.seq ?? 0;
	// a collected heap and a fresh peak, so the growth is this export's
	await new Promise((r) => setTimeout(r, 1500));
	const baseline = rssBytes(pid);
	const peakReset = resetPeak(pid);
	const started = Date.now();
	const res = await axios.post(`${n8n.base}/webhook/${HOOK}`, body, {
		timeout: 15 * 60_000,
		validateStatus: () => true,
		maxBodyLength: Infinity,
	});
	const wallMs = Date.now() - started;
	const peak = peakRssBytes(pid);
	if (res.status !== 200)
		throw new Error(
			`the export answered HTTP ${res.status}: ${JSON.stringify(res.data).slice(0, 300)}`,
		);
	const rows = Number(
		res.data.unique_count_id ?? res.data.countUnique_id ?? Object.values(res.data)[0],
	);
	const entries = (
		(await axios.get(`${control}/log?module=comagic&since=${before}`)).data.entries as LogEntry[]
	).filter((e) => e.direction === 'in' && e.rpcMethod === 'get.calls_report');
	const params = entries.map(
		(e) => (JSON.parse(e.body ?? '{}') as { params: Record<string, unknown> }).params,
	);
	return {
		rows,
		wallMs,
		requests: entries.length,
		params,
		// over the idle n8n, not over the RSS just before: V8 keeps the heap an earlier export grew, which would hide
		// a later export's growth inside memory already counted
		growthBytes: peak - idleBytes,
		baseline,
		peakReset,
	};
}

/**
 * The minimum of issue 15 — ⌈rows / 10,000⌉ summed over the node's ≤ 3-month windows — and the size of the rows as
 * JSON, read back from the sandbox page by page with the node's own request parameters.
 */
async function measureWindows(dataApi: string, params: Array<Record<string, unknown>>) {
	const windows = new Map<string, Record<string, unknown>>();
	for (const p of params) windows.set(`${String(p.date_from)}|${String(p.date_till)}`, p);
	const list = [...windows.values()];
	const inside = (a: Record<string, unknown>, b: Record<string, unknown>) =>
		a !== b &&
		String(a.date_from) >= String(b.date_from) &&
		String(a.date_till) <= String(b.date_till);
	// top-level windows are the node's 3-month windows; the others are halves of one that held too many rows
	const top = list.filter((w) => !list.some((o) => inside(w, o)));
	let minimum = 0;
	for (const w of top)
		minimum += Math.ceil(
			(await rpc(dataApi, { ...w, limit: 1, offset: 0 })).metadata.total_items / PAGE,
		);
	let jsonBytes = 0;
	let rows = 0;
	const leaves = list.filter((w) => !list.some((o) => inside(o, w)));
	for (const w of leaves) {
		for (let offset = 0; ; offset += PAGE) {
			const page = await rpc(dataApi, { ...w, limit: PAGE, offset });
			for (const row of page.data) jsonBytes += Buffer.byteLength(JSON.stringify(row));
			rows += page.data.length;
			if (page.data.length < PAGE || offset + PAGE >= page.metadata.total_items) break;
		}
	}
	return {
		minimum,
		windows: top.length,
		splitWindows: list.length - leaves.length,
		jsonBytes,
		rows,
	};
}

export const comagicExport: Benchmark = {
	name: 'comagic-export',
	description:
		'CoMagic Call Log Get Many, Return All, through a real n8n against the sandbox in its own process',
	async run(options: BenchOptions) {
		const sizes = (options.flags.sizes ?? (options.quick ? '10000,30000' : '10000,100000,300000'))
			.split(',')
			.map(Number);
		const months = (options.flags.months ?? '1,4').split(',').map(Number);
		if (sizes.some((s) => !(s > 0)) || months.some((m) => !(m > 0)))
			throw new Error(
				'--sizes and --months take comma-separated positive numbers, e.g. --sizes 10000,100000 --months 1,4',
			);
		// `--runs-for 300000:2`: fewer runs for a size that does not fit the time at --runs
		const runsFor = new Map(
			(options.flags['runs-for'] ?? '')
				.split(',')
				.filter(Boolean)
				.map((pair) => pair.split(':').map(Number) as [number, number]),
		);
		if ([...runsFor].some(([size, n]) => !(size > 0 && n > 0)))
			throw new Error('--runs-for takes size:runs pairs, e.g. --runs-for 300000:2');
		const sandbox = await sandboxProcess();
		const control = `${sandbox.base}/_control`;
		const dataApi = `${sandbox.base}/comagic/dataapi/v2.0`;
		let n8n: N8n | undefined;
		const rows: Array<Record<string, string | number>> = [];
		const cases: unknown[] = [];
		let ok = true;
		/**
		 * Runs of one workflow in a fresh n8n, its idle memory the baseline of every run: V8 keeps the heap an earlier
		 * export grew, so a workflow measured after another in the same process would look smaller than it is.
		 */
		const measure = async (
			wf: { id: string },
			warmUp: Record<string, unknown>,
			body: Record<string, unknown>,
			count: number,
		) => {
			n8n = await bootN8n({
				version: options.version,
				startTimeoutMs: START_TIMEOUT_MS,
				credentials: [
					{
						id: 'benchCoMagic',
						name: 'CoMagic bench',
						type: 'coMagicApi',
						data: {
							platform: 'custom',
							callApiUrl: `${sandbox.base}/comagic/callapi/v4.0`,
							dataApiUrl: dataApi,
							authentication: 'apiKey',
							apiKey: COMAGIC_ACCESS_KEY,
							timezone: COMAGIC_TIMEZONE,
						},
					},
				],
				workflows: [wf],
				// the execution is not saved: n8n serialising 300,000 rows into its database is n8n's cost, not the node's
				env: {
					EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'none',
					EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'false',
				},
			});
			// a first small run: what n8n loads on a workflow's first run is not the export's
			await axios.post(`${n8n.base}/webhook/${HOOK}`, warmUp, {
				timeout: 60_000,
				validateStatus: () => true,
			});
			await new Promise((r) => setTimeout(r, 3000));
			const idleBytes = rssBytes(n8n.pid() as number);
			const runs = [];
			for (let r = 0; r < count; r++) runs.push(await exportOnce(n8n, control, body, idleBytes));
			await n8n.dispose();
			n8n = undefined;
			return runs;
		};
		try {
			// points the account would need for every export and read-back here, so no run waits for a limit reset
			await axios.post(`${control}/comagic/config`, {
				minuteLimit: 1_000_000,
				dayLimit: 100_000_000,
			});
			for (const size of sizes) {
				for (const span of months) {
					const till = DateTime.now()
						.setZone(COMAGIC_TIMEZONE)
						.minus({ hours: 1 })
						.startOf('second');
					const from = till.minus({ months: span });
					await axios.post(`${control}/comagic/seed-calls`, {
						count: size,
						from: from.toMillis(),
						till: till.toMillis(),
						replace: true,
					});
					const caseRuns = runsFor.get(size) ?? options.runs;
					const runs = await measure(
						packageExport(),
						// an empty hour: no rows, the workflow answers 500 "No item to return", which does not matter here
						{ from: from.minus({ hours: 2 }).toISO(), till: from.minus({ hours: 1 }).toISO() },
						{ from: from.toISO(), till: till.toISO() },
						caseRuns,
					);
					// the same requests, replayed by n8n's own nodes (the warm-up reads one row)
					const pages = runs[0].params;
					const reference = await measure(
						referenceExport(dataApi),
						{ pages: [{ ...pages[0], limit: 1, offset: 0 }] },
						{ pages },
						caseRuns,
					);
					const target = await measureWindows(dataApi, runs[0].params);
					const wall = spread(runs.map((r) => r.wallMs / 1000));
					const growth = spread(runs.map((r) => r.growthBytes / MB));
					const ratio = spread(runs.map((r) => r.growthBytes / target.jsonBytes));
					const requests = spread(runs.map((r) => r.requests));
					const versus = spread(runs.map((r, i) => r.growthBytes / reference[i].growthBytes));
					const complete =
						[...runs, ...reference].every((r) => r.rows === size) && target.rows === size;
					const caseOk =
						complete &&
						requests.max <= target.minimum + target.splitWindows &&
						ratio.median <= MEMORY_GOAL;
					ok &&= caseOk;
					console.log(
						`  ${size} calls / ${span} mo: ${show(wall)} s, ${requests.median} requests (min ${target.minimum}), growth ${show(growth, 0)} MB (HTTP Request ${show(spread(reference.map((r) => r.growthBytes / MB)), 0)} MB) for ${(target.jsonBytes / MB).toFixed(0)} MB of JSON`,
					);
					rows.push({
						calls: size,
						months: span,
						runs: caseRuns,
						requests: show(requests, 0),
						minimum: target.minimum,
						'split probes': target.splitWindows,
						'wall s': show(wall),
						'rows/s': show(spread(runs.map((r) => size / (r.wallMs / 1000))), 0),
						'output JSON MB': +(target.jsonBytes / MB).toFixed(1),
						'RSS growth MB': show(growth, 0),
						'growth / output': show(ratio),
						'n8n HTTP Request growth MB': show(spread(reference.map((r) => r.growthBytes / MB)), 0),
						'growth / HTTP Request': show(versus),
						'rows ok': complete ? 'yes' : `no (${runs.map((r) => r.rows).join(', ')})`,
					});
					const strip = ({ params: _p, ...r }: (typeof runs)[number]) => r;
					cases.push({
						size,
						months: span,
						runs: runs.map(strip),
						reference: reference.map(strip),
						target,
					});
				}
			}
		} catch (error) {
			throw withN8nOutput(error, n8n);
		} finally {
			await n8n?.dispose();
			const exited = new Promise((r) => sandbox.child.once('exit', r));
			sandbox.child.kill('SIGTERM');
			await exited;
		}
		return {
			n8nVersion: options.version,
			ok,
			rows,
			notes: [
				`${options.runs} run(s) per case unless the runs column says fewer; median (min–max); load average ${loadavg()
					.map((l) => l.toFixed(1))
					.join(
						' / ',
					)} on 2 cores when the run ended. minimum = ⌈rows / 10,000⌉ summed over the node's ≤ 3-month windows; a window holding more than ${REACHABLE.toLocaleString('en')} rows cannot be paged (offset ≤ 100,000) and is halved by time, at the cost of one probe request each ("split probes").`,
				"RSS growth = the n8n main process's peak RSS during the export (VmHWM, reset before it) minus its RSS when idle, with a fresh n8n per case that has run the workflow once over an empty hour (the heap an earlier export grew stays with the process and would hide a later export's growth); output = the rows as JSON, read back from the sandbox with the node's own request parameters. Executions are not saved (EXECUTIONS_DATA_SAVE_ON_SUCCESS=none). Goal: the minimum requests and growth ≤ 2× output.",
				"Reference: the same requests (taken from the sandbox's log of this package's export) replayed in its own fresh n8n by n8n's own nodes, Split Out → HTTP Request → Split Out → Summarize, the way a workflow without this package reads the Data API; growth / HTTP Request pairs run i of each. Where the package's growth is above 2× output while it stays at or below the reference's, the excess is what n8n needs to receive and parse a page of that size at all (the response buffer, its string and the parsed rows live at once while the page is read), not a page the node holds twice.",
			],
			details: { cases },
		};
	},
};
