/** Asks for a value at the terminal; a secret is not echoed. Only when a person is there (stdin is a TTY). */
import { createInterface } from 'node:readline';

export function canAsk(): boolean {
	return Boolean(process.stdin.isTTY);
}

export function ask(question: string, secret = false): Promise<string> {
	const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
	if (secret) {
		// readline echoes what is typed through _writeToOutput: print the question, then nothing
		const writer = rl as unknown as {
			_writeToOutput: (s: string) => void;
			output: NodeJS.WriteStream;
		};
		let asked = false;
		writer._writeToOutput = (s: string) => {
			if (!asked) {
				writer.output.write(s);
				asked = true;
			}
		};
	}
	return new Promise((resolve) =>
		rl.question(question, (answer) => {
			rl.close();
			if (secret) process.stdout.write('\n');
			resolve(answer.trim());
		}),
	);
}
