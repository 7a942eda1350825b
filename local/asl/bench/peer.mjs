// The peer of ThroughputBenchmark: aws-local-stepfunctions run in-process, one execution after the other.
// Protocol (one line each way): the benchmark writes "round MILLIS" (or "quit"); this answers
// {"executions": N, "seconds": S} after running executions with input {"n": i} for about MILLIS ms,
// checking each output's n.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { StateMachine } from 'aws-local-stepfunctions';

const definition = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const machine = new StateMachine(definition);
let next = 0;

async function round(millis) {
  const start = process.hrtime.bigint();
  const end = start + BigInt(Math.round(millis * 1e6));
  let executions = 0;
  let now = start;
  while (now < end) {
    const n = next++;
    const output = await machine.run({ n }).result;
    if (output.n !== n) {
      throw new Error(`execution ${n} returned ${JSON.stringify(output)}`);
    }
    executions++;
    now = process.hrtime.bigint();
  }
  return { executions, seconds: Number(now - start) / 1e9 };
}

const lines = createInterface({ input: process.stdin });
process.stdout.write(JSON.stringify({ ready: true, node: process.version }) + '\n');
for await (const line of lines) {
  const [command, arg] = line.trim().split(/\s+/);
  if (command === 'quit') {
    break;
  }
  if (command === 'round') {
    process.stdout.write(JSON.stringify(await round(Number(arg))) + '\n');
  }
}
process.exit(0);
