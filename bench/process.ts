/**
 * Memory of another process (a real n8n) read from Linux's /proc: VmRSS now, and VmHWM, the peak since the process
 * started or since `resetPeak` (writing 5 to clear_refs resets the peak; see proc(5), /proc/pid/clear_refs).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

function status(pid: number, field: 'VmRSS' | 'VmHWM'): number {
	const text = readFileSync(`/proc/${pid}/status`, 'utf8');
	const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
	if (!match) throw new Error(`/proc/${pid}/status has no ${field}`);
	return Number(match[1]) * 1024;
}

export const rssBytes = (pid: number) => status(pid, 'VmRSS');
export const peakRssBytes = (pid: number) => status(pid, 'VmHWM');

/** Starts a new peak from the current RSS; false when the kernel refuses (then VmHWM is the lifetime peak). */
export function resetPeak(pid: number): boolean {
	try {
		writeFileSync(`/proc/${pid}/clear_refs`, '5');
		return true;
	} catch {
		return false;
	}
}

/** Resident memory after it stops moving: the smallest of `samples` readings `gapMs` apart. */
export async function settledRss(pid: number, samples = 5, gapMs = 1000): Promise<number> {
	let low = Number.POSITIVE_INFINITY;
	for (let i = 0; i < samples; i++) {
		await new Promise((r) => setTimeout(r, gapMs));
		low = Math.min(low, rssBytes(pid));
	}
	return low;
}

/** The error with the last lines n8n printed, so a failed run says what n8n was doing. */
export function withN8nOutput(error: unknown, n8n: { output(): string } | undefined): Error {
	const e = error instanceof Error ? error : new Error(String(error));
	const tail = n8n?.output().split('\n').slice(-20).join('\n');
	if (tail) e.message = `${e.message}\nn8n said:\n${tail}`;
	return e;
}

/** CPU time (user + system) of a process and every process below it, from /proc (Linux), in ms; NaN elsewhere. */
export function processTreeCpuMs(pid: number | undefined): number {
	if (!pid) return NaN;
	try {
		const stats = readdirSync('/proc')
			.filter((d) => /^\d+$/.test(d))
			.flatMap((d) => {
				try {
					// the command name may hold spaces and parentheses: the fields start after the last ')'
					const text = readFileSync(`/proc/${d}/stat`, 'utf8');
					const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
					return [
						{
							pid: Number(d),
							ppid: Number(fields[1]),
							ticks: Number(fields[11]) + Number(fields[12]),
						},
					];
				} catch {
					return []; // ended between the listing and the read
				}
			});
		const tree = new Set([pid]);
		for (let grew = true; grew; ) {
			grew = false;
			for (const p of stats)
				if (!tree.has(p.pid) && tree.has(p.ppid)) {
					tree.add(p.pid);
					grew = true;
				}
		}
		// USER_HZ is 100 on Linux
		return stats.filter((p) => tree.has(p.pid)).reduce((sum, p) => sum + p.ticks, 0) * 10;
	} catch {
		return NaN;
	}
}
