/**
 * Faults injected through /_control/faults: they hit requests whose path starts with `pathPrefix` (all when empty),
 * `count` times (or forever when omitted).
 */
export interface Fault {
	id: number;
	pathPrefix: string;
	kind: 'latency' | 'status' | 'drop';
	/** latency: milliseconds to wait before handling */
	ms?: number;
	/**
	 * latency: when the client hangs up during the wait, the request is never handled (a request that died on the
	 * way); by default it is handled anyway, as a server that already took it would
	 */
	abandon?: boolean;
	/**
	 * latency: handle the request at once and hold only its answer `ms` (a server that applied a write whose answer
	 * never reached a client that died meanwhile)
	 */
	answerLate?: boolean;
	/** status: HTTP status to answer with (e.g. 502), body optional */
	status?: number;
	body?: string;
	/** remaining hits; undefined = unlimited */
	count?: number;
}

export class FaultBook {
	private faults: Fault[] = [];
	private nextId = 1;

	add(input: Partial<Fault>): Fault {
		const kind = input.kind;
		if (kind !== 'latency' && kind !== 'status' && kind !== 'drop') {
			throw new Error('fault kind must be "latency", "status" or "drop"');
		}
		const fault: Fault = {
			id: this.nextId++,
			pathPrefix: input.pathPrefix ?? '',
			kind,
			ms: input.ms,
			abandon: input.abandon === true ? true : undefined,
			answerLate: input.answerLate === true ? true : undefined,
			status: input.status ?? (kind === 'status' ? 503 : undefined),
			body: input.body,
			count: input.count,
		};
		this.faults.push(fault);
		return fault;
	}

	/** Faults for a request path, consuming one hit of each. */
	take(path: string): Fault[] {
		if (path.startsWith('/_control')) return [];
		const hits = this.faults.filter((f) => path.startsWith(f.pathPrefix));
		for (const f of hits) if (f.count !== undefined) f.count -= 1;
		this.faults = this.faults.filter((f) => f.count === undefined || f.count > 0);
		return hits;
	}

	list(): Fault[] {
		return [...this.faults];
	}

	clear(): void {
		this.faults = [];
	}
}
