// The child process of useBundledCli (test/helpers/cli.ts): loads the built bundle (dist/cli.js)
// once and runs the command lines it reads from stdin, one JSON job a line, one after another,
// each with its own streams, environment and folder; answers "RESULT <id> <json>" lines.
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { PassThrough, Writable } from 'node:stream';

const [bundle, version] = process.argv.slice(2);
const cli = createRequire(import.meta.url)(bundle);

function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

async function runJob(job) {
  const stdin = new PassThrough();
  stdin.end(job.input === undefined ? undefined : Buffer.from(job.input, 'base64'));
  const out = sink();
  const err = sink();
  try {
    const code = await cli.run(job.args, {
      version,
      env: job.env,
      cwd: job.cwd,
      streams: { stdin, stdout: out.stream, stderr: err.stream },
      helpOut: (t) => void out.stream.write(t),
      errorOut: (t) => void err.stream.write(t),
      helpTerminal: { columns: 80, colorOut: false, colorErr: false },
    });
    return { code, stdout: out.text(), stderr: err.text() };
  } catch (e) {
    return { error: `run threw: ${e && e.stack ? e.stack : e}` };
  }
}

const lines = createInterface({ input: process.stdin });
let queue = Promise.resolve();
lines.on('line', (line) => {
  const job = JSON.parse(line);
  queue = queue.then(async () => process.stdout.write(`RESULT ${job.id} ${JSON.stringify(await runJob(job))}\n`));
});
