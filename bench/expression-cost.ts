/**
 * Expression cost: what n8n itself charges for one expression and for one expression isolate, on each expression
 * engine, so the reminder's cost per call can be read as isolates × one + expressions × the other + the rest.
 * One bare n8n per engine (2.x's default `vm`, which evaluates in an isolate, and `legacy`; the 1.x runtime has only `legacy`), four webhook workflows
 * answered by their last node, each a Webhook node (v2) and a Set node:
 * - base: static Webhook parameters (n8n takes no isolate for the webhook phase) and a Set node of one expression
 *   that builds all FIELDS fields (JSON mode);
 * - fields: the same Webhook, a Set node of FIELDS expressions (one per field): per expression = (fields − base) /
 *   (FIELDS − 1);
 * - constants: the same, but every expression but the last (which the answer check reads) reads nothing
 *   (`{{ 0 + 1 }}`): the price of evaluating an expression at all, apart from the data it reads;
 * - isolate: the base workflow with one expression in the Webhook's options, so n8n takes one more isolate for the
 *   webhook phase (`LiveWebhooks.webhookPhaseNeedsIsolate`, n8n 2.x): one isolate = isolate − base.
 * Each request's cost is the CPU of the n8n process tree (user + system, /proc) over REQUESTS sequential requests,
 * the four workflows taken in a new order each round. `--n8n-env` adds n8n settings to every engine's n8n (e.g.
 * N8N_EXPRESSION_ENGINE_COMPILE_CACHE=true).
 */
import { bootN8n, type N8n } from '../tooling/n8n/n8n';
import { waitFor } from '../tooling/n8n/wait';
import { processTreeCpuMs, withN8nOutput } from './process';
import { show, spread } from './stats';
import { n8nEnvFlag, START_TIMEOUT_MS, type Benchmark, type BenchOptions } from './types';

const FIELDS = 20;
const CASES = ['base', 'fields', 'constants', 'isolate'] as const;
type Case = (typeof CASES)[number];
const ENGINES = ['vm', 'legacy'] as const;

const field = (i: number) => `$('Webhook').item.json.body.v + ${i}`;
// the last field reads the request too, so every case answers the same check
const constant = (i: number) => (i === FIELDS - 1 ? field(i) : `0 + ${i}`);

function workflow(name: Case) {
	const set =
		name === 'fields' || name === 'constants'
			? {
					assignments: {
						assignments: Array.from({ length: FIELDS }, (_, i) => ({
							id: `f${i}`,
							name: `f${i}`,
							type: 'number',
							value: `={{ ${name === 'fields' ? field(i) : constant(i)} }}`,
						})),
					},
					options: {},
				}
			: {
					mode: 'raw',
					jsonOutput: `={{ JSON.stringify({ ${Array.from({ length: FIELDS }, (_, i) => `f${i}: ${field(i)}`).join(', ')} }) }}`,
					options: {},
				};
	return {
		id: `exprCost${String(CASES.indexOf(name)).padStart(8, '0')}`,
		name: `Expression cost: ${name}`,
		active: false,
		settings: { saveDataSuccessExecution: 'none' },
		nodes: [
			{
				id: 'webhook',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: `expression-cost-${name}`,
				parameters: {
					httpMethod: 'POST',
					path: `expression-cost-${name}`,
					responseMode: 'lastNode',
					options: name === 'isolate' ? { ignoreBots: '={{ false }}' } : {},
				},
			},
			{
				id: 'set',
				name: 'Set',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [220, 0],
				parameters: set,
			},
		],
		connections: { Webhook: { main: [[{ node: 'Set', type: 'main', index: 0 }]] } },
	};
}

/** One request with `v`; throws unless the workflow answered with the fields built from it. */
async function post(n8n: N8n, name: Case, v: number): Promise<void> {
	const res = await n8n.http.post(`/webhook/expression-cost-${name}`, { v });
	const data = res.data as Record<string, number>;
	if (res.status !== 200 || data?.[`f${FIELDS - 1}`] !== v + FIELDS - 1)
		throw new Error(
			`${name} answered HTTP ${res.status}: ${JSON.stringify(res.data).slice(0, 200)}`,
		);
}

/** CPU ms per request of one workflow, over `requests` requests, after a warm-up. */
async function perRequest(n8n: N8n, name: Case, requests: number): Promise<number> {
	for (let i = 0; i < 3; i++) await post(n8n, name, i);
	const before = processTreeCpuMs(n8n.pid());
	for (let i = 0; i < requests; i++) await post(n8n, name, i);
	return (processTreeCpuMs(n8n.pid()) - before) / requests;
}

export const expressionCost: Benchmark = {
	name: 'expression-cost',
	description:
		"n8n's own CPU for one expression and one expression isolate, on the vm (2.x default) and legacy engines",
	async run(options: BenchOptions) {
		const requests = Number(options.flags.requests ?? (options.quick ? 20 : 60));
		if (!(requests > 0)) throw new Error('--requests takes a positive number, e.g. --requests 60');
		const rows: Array<Record<string, string | number>> = [];
		const details: Record<string, unknown> = {};
		// the 1.x runtime builds no isolated-vm (tooling/n8n/n8n.ts): only the legacy engine runs there
		const engines = options.version.startsWith('1.') ? ['legacy'] : ENGINES;
		const extraEnv = n8nEnvFlag(options);
		for (const engine of engines) {
			const n8n = await bootN8n({
				version: options.version,
				installPackage: false,
				env: { ...extraEnv, N8N_EXPRESSION_ENGINE: engine },
				workflows: CASES.map(workflow),
				startTimeoutMs: START_TIMEOUT_MS,
			});
			const figures: Record<Case, number[]> = { base: [], fields: [], constants: [], isolate: [] };
			try {
				// n8n registers a workflow's webhooks a moment after it answers on /healthz
				for (const name of CASES)
					await waitFor(`the ${name} webhook`, () => post(n8n, name, 0).then(() => true), 60_000);
				for (let round = 0; round < options.runs; round++) {
					// a new order each round: n8n's own timers and a busy machine fall on every case alike
					const order = CASES.map((_, i) => CASES[(i + round) % CASES.length]);
					for (const name of order) figures[name].push(await perRequest(n8n, name, requests));
				}
			} catch (error) {
				throw withN8nOutput(error, n8n);
			} finally {
				await n8n.dispose();
			}
			const perExpression = figures.fields.map((f, i) => (f - figures.base[i]) / (FIELDS - 1));
			const perConstant = figures.constants.map((f, i) => (f - figures.base[i]) / (FIELDS - 1));
			const isolate = figures.isolate.map((f, i) => f - figures.base[i]);
			details[engine] = { ...figures, perExpression, perConstant, isolate };
			rows.push({
				engine,
				'request CPU ms (1 expression)': show(spread(figures.base), 1),
				[`request CPU ms (${FIELDS} expressions)`]: show(spread(figures.fields), 1),
				'one expression CPU ms': show(spread(perExpression), 2),
				'one expression reading nothing CPU ms': show(spread(perConstant), 2),
				'one more isolate CPU ms': show(spread(isolate), 1),
			});
		}
		return {
			n8nVersion: options.version,
			rows,
			notes: [
				`${options.runs} round(s) of ${requests} sequential requests per workflow and engine, after 3 warm-up requests; median (min–max) of the rounds; CPU is user + system of the n8n process and every process below it (/proc). Executions are not saved. Each workflow: a Webhook node (v2, answers with the last node) and a Set node building ${FIELDS} fields from the request, either with one expression (JSON mode) or one per field.`,
				'One expression = (the request with one expression per field − the request with one expression) / ' +
					`${FIELDS - 1}; one reading nothing: the same with ${FIELDS - 1} of the fields constant expressions (\`{{ 0 + 1 }}\`). One more isolate = the same workflow with one expression in the Webhook's own parameters, which makes n8n 2.x take an isolate for the webhook phase before the execution's own (every trigger other than n8n's Webhook node with static parameters does), less the workflow without it. On the legacy engine there is no isolate, and the difference is one expression.`,
				"Read with reminder-costs: on 2.x's vm engine each execution takes one isolate (a status callback through this package's trigger two), and each expression a node evaluates per item costs one expression.",
				...(Object.keys(extraEnv).length ? [`n8n ran with ${JSON.stringify(extraEnv)}`] : []),
			],
			details,
		};
	},
};
