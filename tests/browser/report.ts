/**
 * The reminder report page as the clinic manager opens it: Debian's chromium driven by playwright-core (as in
 * editor.ts), n8n's Basic Auth answered by the browser. Reads the figures from the page's `data-metric` cards, the
 * chart's per-day groups and the call list, downloads the CSV through the page's own link, and checks that a
 * browser without credentials gets 401. The expected values come from the sandbox (tests/e2e/report.ts).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, type Browser } from 'playwright-core';

import { assert } from '../e2e/support/checks';
import { chromiumPath } from './session';

export interface ReportExpected {
	visits: number;
	reminded: number;
	confirmed: number;
	cancelled: number;
	operator: number;
	unreached: number;
	skipped: number;
	withdrawn: number;
	inProgress: number;
	/** call attempts: Voicebox start requests, plus attempts claimed by a tick that died before its start */
	calls: number;
	firstAttempt: number;
	/** unreached patients whose visit is ahead: visit id, the phone's last 10 digits, attempts */
	toCall: Array<{ id: string; phone: string; attempts: number }>;
	/** visit id → outcome in the ledger's words ('' = none yet) */
	csv: Record<string, string>;
	unsent: number;
}

export interface ReportFigures {
	loadMs: number;
	screenshot: string;
}

const RU_NUMBER = (text: string) =>
	Number(
		text
			.replace(/[\s\u00a0\u202f]/g, '')
			.replace(',', '.')
			.replace('%', ''),
	);

/** A CSV line split on ";" with "…" quoting (as the page writes it). */
function cells(line: string): string[] {
	const out: string[] = [];
	let cur = '';
	let quoted = false;
	for (let i = 0; i < line.length; i++) {
		const c = line[i];
		if (quoted) {
			if (c === '"' && line[i + 1] === '"') {
				cur += '"';
				i++;
			} else if (c === '"') quoted = false;
			else cur += c;
		} else if (c === '"') quoted = true;
		else if (c === ';') {
			out.push(cur);
			cur = '';
		} else cur += c;
	}
	out.push(cur);
	return out;
}

export async function runReportBrowserChecks(options: {
	url: string;
	auth: { username: string; password: string };
	expected: ReportExpected;
	/** where to keep the page's screenshot ('' = a temporary file) */
	screenshot: string;
}): Promise<ReportFigures> {
	const { url, auth, expected: e } = options;
	const executable = chromiumPath();
	assert(executable, 'no chromium: apt-get install chromium (or set CHROMIUM_PATH)');
	const browser: Browser = await chromium.launch({
		executablePath: executable,
		headless: true,
		args: ['--no-sandbox', '--disable-dev-shm-usage'],
	});
	try {
		// no credentials: n8n's Basic Auth answers 401 and the page never shows
		const stranger = await browser.newContext();
		const strangerPage = await stranger.newPage();
		const statuses: number[] = [];
		strangerPage.on('response', (r) => statuses.push(r.status()));
		// headless Chromium has no one to ask for a password: it ends the navigation with ERR_INVALID_AUTH_CREDENTIALS
		const denied = await strangerPage.goto(url).catch((error: Error) => error);
		const shownTo = denied instanceof Error ? '' : await strangerPage.content();
		assert(
			statuses.length > 0 && statuses.every((st) => st === 401) && !shownTo.includes('data-metric'),
			`without credentials the browser got HTTP ${statuses.join(', ')}${denied instanceof Error ? ` (${denied.message.split('\n')[0]})` : ''}`,
		);
		await stranger.close();

		const context = await browser.newContext({
			httpCredentials: auth,
			viewport: { width: 1280, height: 900 },
			acceptDownloads: true,
			locale: 'ru-RU',
		});
		const page = await context.newPage();
		const started = Date.now();
		const answer = await page.goto(url);
		const loadMs = Date.now() - started;
		assert(answer?.status() === 200, `with credentials the browser got HTTP ${answer?.status()}`);

		// taken before the checks, so a failing run still leaves the page to look at
		await page.screenshot({
			path: options.screenshot || join(mkdtempSync(join(tmpdir(), 'report-shot-')), 'report.png'),
			fullPage: true,
		});
		const metric = async (key: string) => {
			const card = page.locator(`[data-metric="${key}"]`).first();
			const text = (
				await card.evaluate(
					(el) => (el.tagName === 'B' ? el : el.querySelector('b'))?.textContent ?? '',
				)
			).trim();
			return text;
		};
		const shown: Record<string, number> = {};
		for (const key of [
			'visits',
			'reminded',
			'confirmed',
			'cancelled',
			'operator',
			'unreached',
			'inProgress',
			'skipped',
			'withdrawn',
		]) {
			shown[key] = RU_NUMBER(await metric(key));
		}
		const want: Record<string, number> = {
			visits: e.visits,
			reminded: e.reminded,
			confirmed: e.confirmed,
			cancelled: e.cancelled,
			operator: e.operator,
			unreached: e.unreached,
			inProgress: e.inProgress,
			skipped: e.skipped,
			withdrawn: e.withdrawn,
		};
		const wrong = Object.keys(want).filter((k) => shown[k] !== want[k]);
		assert(
			wrong.length === 0,
			`page vs sandbox: ${wrong.map((k) => `${k} ${shown[k]} ≠ ${want[k]}`).join(', ')}`,
		);
		const perVisit = RU_NUMBER(await metric('callsPerVisit'));
		assert(
			Math.abs(perVisit - Math.round((100 * e.calls) / e.reminded) / 100) < 1e-9,
			`calls per visit ${perVisit}, sandbox ${e.calls}/${e.reminded}`,
		);
		const callsText = await page.locator('[data-metric="callsPerVisit"] small').innerText();
		assert(
			RU_NUMBER(callsText.replace(/[^\d\s\u00a0]/g, '')) === e.calls,
			`calls "${callsText}", sandbox ${e.calls}`,
		);
		const first = RU_NUMBER(await metric('firstAttempt'));
		const firstShare = Math.round((1000 * e.firstAttempt) / e.reminded) / 10;
		assert(
			first === firstShare,
			`first-call share ${first} %, sandbox ${e.firstAttempt}/${e.reminded} = ${firstShare} %`,
		);

		// the chart: an inline svg, one group per day, today's group carries the run and has its bars
		const svg = page.locator('svg#chart');
		assert((await svg.count()) === 1 && (await svg.isVisible()), 'no visible chart');
		const box = await svg.boundingBox();
		assert(box && box.width > 600 && box.height > 100, `chart box ${JSON.stringify(box)}`);
		const days = (await svg.locator('g.day').evaluateAll((gs) =>
			gs.map((g) => ({
				...(g as unknown as { dataset: Record<string, string> }).dataset,
				bars: g.querySelectorAll('rect.bar').length,
			})),
		)) as Array<Record<string, string | number>>;
		const busy = days.filter((d) => Number(d.visits) > 0);
		assert(days.length === 7 && busy.length >= 1, `chart days ${JSON.stringify(days)}`);
		// the run happens within a day or two (the clinic's zone): the days' bars add up to the run
		for (const [attr, value] of [
			['visits', e.visits],
			['confirmed', e.confirmed],
			['cancelled', e.cancelled],
			['operator', e.operator],
			['unreached', e.unreached],
			['inProgress', e.inProgress],
		] as Array<[string, number]>) {
			const sum = busy.reduce((n, d) => n + Number(d[attr]), 0);
			assert(
				sum === value,
				`chart: ${attr} ${sum} over ${busy.map((d) => d.day).join(', ')} ≠ ${value}`,
			);
		}
		for (const d of busy) {
			assert(Number(d.bars) >= 1, `day ${d.day} has ${d.visits} visits and no bars`);
			const heights = await svg
				.locator(`g.day[data-day="${d.day}"] rect.bar`)
				.evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('height'))));
			assert(
				heights.every((h) => h > 0),
				`bars of ${d.day}: ${JSON.stringify(heights)}`,
			);
		}
		const external = await page
			.locator('script, link, img, iframe, object, [src]')
			.evaluateAll((els) => els.map((el) => el.outerHTML.slice(0, 80)));
		assert(external.length === 0, `the page loads other resources: ${external.join(', ')}`);

		// unreached patients whose visit is ahead: the same visits, phones and attempts as the sandbox
		const listed = await page.locator('#to-call tr[data-visit]').evaluateAll((trs) =>
			trs.map((tr) => ({
				id: tr.getAttribute('data-visit') ?? '',
				phone: (tr.querySelector('a[href^="tel:"]')?.getAttribute('href') ?? '')
					.replace(/\D/g, '')
					.slice(-10),
				attempts: Number(tr.querySelectorAll('td')[3]?.textContent),
			})),
		);
		const sort = (xs: ReportExpected['toCall']) =>
			JSON.stringify([...xs].sort((a, b) => a.id.localeCompare(b.id)));
		assert(sort(listed) === sort(e.toCall), `call list ${sort(listed)}, sandbox ${sort(e.toCall)}`);

		// the CSV through the page's own link: the same visits, each with the outcome the sandbox recorded
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.locator('a#csv').click(),
		]);
		const file = await download.path();
		assert(
			/^reminders-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/.test(download.suggestedFilename()),
			`file name ${download.suggestedFilename()}`,
		);
		const lines = readFileSync(file, 'utf8')
			.replace(/^\ufeff/, '')
			.trim()
			.split(/\r\n/);
		const head = cells(lines[0]);
		const [idAt, outcomeAt] = [head.indexOf('visitId'), head.indexOf('outcome')];
		assert(idAt >= 0 && outcomeAt >= 0, `CSV header ${lines[0]}`);
		const csv = Object.fromEntries(
			lines
				.slice(1)
				.map((l) => cells(l))
				.map((c) => [c[idAt], c[outcomeAt]]),
		);
		assert(
			lines.length - 1 === e.visits,
			`CSV has ${lines.length - 1} rows, the run had ${e.visits} visits`,
		);
		const differs = Object.keys(e.csv).filter((id) => csv[id] !== e.csv[id]);
		assert(
			differs.length === 0,
			`CSV vs sandbox: ${differs.map((id) => `${id} ${csv[id]} ≠ ${e.csv[id]}`).join(', ')}`,
		);
		await context.close();
		return { loadMs, screenshot: options.screenshot };
	} finally {
		await browser.close();
	}
}
