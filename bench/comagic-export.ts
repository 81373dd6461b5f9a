import axios from 'axios';
import { DateTime } from 'luxon';

import { startSandbox } from '../sandbox';
import { COMAGIC_ACCESS_KEY, COMAGIC_TIMEZONE } from '../sandbox/comagic/defaults';
import { PACKAGE, runWorkflow, singleNodeWorkflow } from '../tests/harness';
import { measure, type Benchmark } from './types';

const CALLS = 100000;
const MONTHS = 4;
const PAGE = 10000;

interface LogEntry {
	seq: number;
	direction: string;
	rpcMethod?: string;
	body?: string;
}

/**
 * Exports 100,000 calls over 4 months from the sandbox through the CoMagic node (Call Log → Get Many, Return All)
 * inside n8n-core's WorkflowExecute, and counts the Data API requests against the minimum: ⌈rows / 10,000⌉ per
 * 3-month window. The sandbox runs in this process, so the RSS figures include it.
 */
export const comagicExport: Benchmark = {
	name: 'comagic-export',
	description: `CoMagic Call Log Get Many: ${CALLS.toLocaleString('en')} calls over ${MONTHS} months, Return All`,
	async run() {
		const sandbox = await startSandbox({ port: 0, comagic: { seedCalls: 0 } });
		try {
			const control = `${sandbox.baseUrl}/_control`;
			const till = DateTime.now().setZone(COMAGIC_TIMEZONE).minus({ hours: 1 }).startOf('second');
			const from = till.minus({ months: MONTHS });
			const seeded = (
				await axios.post(`${control}/comagic/seed-calls`, {
					count: CALLS,
					from: from.toMillis(),
					till: till.toMillis(),
					replace: true,
				})
			).data as { total: number };
			const before =
				((await axios.get(`${control}/log?module=comagic`)).data.entries as LogEntry[]).at(-1)
					?.seq ?? 0;

			const workflow = singleNodeWorkflow({
				type: `${PACKAGE}.coMagic`,
				parameters: {
					resource: 'callLog',
					operation: 'getMany',
					period: 'custom',
					dateFrom: from.toISO(),
					dateTill: till.toISO(),
					returnAll: true,
					simplify: false,
				},
			});
			const credentials = {
				coMagicApi: {
					platform: 'custom',
					callApiUrl: sandbox.urls.comagicCallApi,
					dataApiUrl: sandbox.urls.comagicDataApi,
					authentication: 'apiKey',
					apiKey: COMAGIC_ACCESS_KEY,
					timezone: COMAGIC_TIMEZONE,
				},
			};
			const {
				value: result,
				wallMs,
				peakRssBytes,
			} = await measure(() => runWorkflow(workflow, { credentials }));
			if (result.status !== 'success')
				throw new Error(`the workflow failed: ${result.error?.message}`);
			const rows = result.output('Node').length;
			const uniqueIds = new Set(result.json('Node').map((r) => r.id)).size;

			const entries = (
				(await axios.get(`${control}/log?module=comagic&since=${before}`)).data
					.entries as LogEntry[]
			).filter((e) => e.direction === 'in');
			const reports = entries
				.filter((e) => e.rpcMethod === 'get.calls_report')
				.map((e) => (JSON.parse(e.body ?? '{}') as { params: Record<string, unknown> }).params);
			const windows = new Map<
				string,
				{ from: string; till: string; requests: number; rows?: number }
			>();
			for (const p of reports) {
				const key = `${String(p.date_from)}|${String(p.date_till)}`;
				const w = windows.get(key) ?? {
					from: String(p.date_from),
					till: String(p.date_till),
					requests: 0,
				};
				w.requests++;
				windows.set(key, w);
			}
			// rows per window, asked after the run so the count is not part of it
			let target = 0;
			for (const w of windows.values()) {
				const answer = await axios.post(sandbox.urls.comagicDataApi, {
					jsonrpc: '2.0',
					id: 1,
					method: 'get.calls_report',
					params: {
						access_token: COMAGIC_ACCESS_KEY,
						date_from: w.from,
						date_till: w.till,
						limit: 1,
						fields: ['id'],
					},
				});
				w.rows = answer.data.result.metadata.total_items as number;
				target += Math.ceil(w.rows / PAGE);
			}
			const usage = process.resourceUsage();
			const ok =
				rows === CALLS &&
				uniqueIds === CALLS &&
				reports.length === target &&
				entries.length === reports.length;
			return {
				ok,
				summary: {
					rows,
					windows: windows.size,
					requests: entries.length,
					'target requests': target,
					'wall s': +(wallMs / 1000).toFixed(2),
					'rows/s': Math.round(rows / (wallMs / 1000)),
					'peak RSS MB (run)': Math.round(peakRssBytes / 1048576),
					'max RSS MB (process)': Math.round((usage.maxRSS * 1024) / 1048576),
				},
				details: {
					seededCalls: seeded.total,
					uniqueIds,
					requestsByMethod: entries.reduce<Record<string, number>>((acc, e) => {
						acc[e.rpcMethod ?? '?'] = (acc[e.rpcMethod ?? '?'] ?? 0) + 1;
						return acc;
					}, {}),
					windows: [...windows.values()],
					range: { from: from.toISO(), till: till.toISO() },
					note: 'the sandbox runs in the same process: RSS includes its 100,000 stored calls',
				},
			};
		} finally {
			await sandbox.stop();
		}
	},
};
