// The catalog commands, run as a user runs them (in-process): no terminal, own state dir.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, spawnCli, useStateDir } from '../helpers/cli.js';
import { catalog } from '../../src/domain/catalog/index.js';

const state = useStateDir();

const cli = (args: string[], input?: string) =>
  runCli(args, { env: state.env, ...(input !== undefined ? { input } : {}) });

describe('ic-support case types', () => {
  it('lists the ten types with descriptions and examples', async () => {
    const r = await cli(['case', 'types']);
    expect(r.code).toBe(0);
    for (const t of catalog.types) {
      expect(r.stdout).toContain(`${t.label}  ${t.id}`);
      expect(r.stdout).toContain(`e.g. ${t.examples[0]}`);
    }
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('prints stable JSON', async () => {
    const r = await cli(['case', 'types', '--json']);
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout) as { id: string; label: string; fields: string[] }[];
    expect(data.map((t) => t.id)).toEqual([
      'application-issue',
      'ask-a-question',
      'report-an-outage',
      'request-training',
      'data-restore',
      'server-issue',
      'server-access',
      'modify-support-contacts',
      'request-consulting',
      'request-technical-services',
    ]);
    expect(data.find((t) => t.id === 'report-an-outage')?.fields).toEqual([
      'account',
      'contact',
      'priority',
      'subject',
      'description',
      'errorMessage',
    ]);
  });
});

describe('ic-support case fields', () => {
  it('shows every field with its flag, kind and choices', async () => {
    const r = await cli(['case', 'fields', 'server-access']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Request Type  --request-type  choice, required');
    // No portal: the bundled list, which the portal may replace (a value outside it only warns).
    expect(r.stdout).toContain(
      'choices (bundled list; other values are sent and the portal checks them): Server | SQL Server | SSRS',
    );
    expect(r.stdout).toContain('Schema Bootcamp training is required for SQL Server access');
  });

  it('accepts a label as well as an id, and prints JSON', async () => {
    const r = await cli(['case', 'fields', 'Data Restore', '--json']);
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout) as {
      id: string;
      fields: { key: string; required: boolean; default: unknown; flag: string }[];
      acknowledgements: { key: string; statement: string }[];
    };
    expect(data.id).toBe('data-restore');
    const priority = data.fields.find((f) => f.key === 'priority');
    expect(priority).toMatchObject({ required: true, default: 'Medium', flag: '--priority' });
    // The guide's acknowledgement is asked for, but not presented as a field of the portal's table.
    expect(data.fields.map((f) => f.key)).not.toContain('writtenPermission');
    expect(data.acknowledgements.map((f) => f.key)).toEqual(['writtenPermission']);
    expect(data.acknowledgements[0]!.statement).toMatch(
      /^Written permission: the district gives Infinite Campus its written permission/,
    );
  });

  it("starts with the type's description as the guide words it: where Data Restore and Request Consulting point", async () => {
    const restore = await cli(['case', 'fields', 'data-restore']);
    expect(restore.stdout).toContain('For more information on Data Restoration, see the Campus Data Retention Policy.');
    const consulting = await cli(['case', 'fields', 'request-consulting']);
    expect(consulting.stdout).toContain(
      'For more information, visit: https://www.infinitecampus.com/services/technical-services/business-consulting',
    );
  });

  it('names the fix for an unknown type', async () => {
    const r = await cli(['case', 'fields', 'data-restor']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Unknown case type "data-restor". Did you mean data-restore?');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('ic-support case validate', () => {
  it("accepts the guide's model case from a file", async () => {
    const file = join(state.dir, 'grades.yaml');
    writeFileSync(
      file,
      [
        'caseType: application-issue',
        'type: Campus Application',
        'module: Grade Book',
        'subject: Teachers unable to post grades',
        'description: |',
        '  None of the English Literature teachers at 21-22 Campus High School are able to post grades.',
        'stepsToReproduce: |',
        '  1. Log in as teacher Anne Shirley',
        '  2. In Campus Learning, go to Grade Book for 1100-1',
        'environmentChanges: None',
        'whoIsImpacted: English Lit 1100 teachers',
        'issueBegan: 09/07/2021',
        'expectedResults: Post button to be active',
      ].join('\n'),
    );
    const r = await cli(['case', 'validate', file]);
    expect(r.code).toBe(0);
    // The verdict is status (stderr); stdout is data, here none (issue 26 §16).
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${file}: a valid Application Issue case.\n`);
  });

  it('reports all three mistakes of a file with three, each by field', async () => {
    const file = join(state.dir, 'three.json');
    writeFileSync(
      file,
      JSON.stringify({
        caseType: 'report-an-outage',
        priority: 'Urgent',
        subject: 'Campus down',
        description: 'All users',
        errorMesage: 'x',
        contact: 42,
      }),
    );
    const r = await cli(['case', 'validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: 3 problems in ${file}:`);
    expect(r.stderr).toContain('  priority: Priority must be one of: Critical, High, Medium, Low (not "Urgent")');
    expect(r.stderr).toContain('  contact: Contact must be text, not number 42');
    expect(r.stderr).toContain('  errorMesage: not a field of Report an Outage; did you mean errorMessage?');
  });

  it('reads standard input and reports JSON', async () => {
    const r = await cli(['case', 'validate', '-', '--json'], 'caseType: data-restore\nsubject: Restore\n');
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout) as {
      valid: boolean;
      issues: { field: string }[];
      warnings: { field: string; code: string; source: string }[];
    };
    expect(out.valid).toBe(false);
    // The guide's rule (written permission) blocks; offline, the fields only the bundled catalog
    // marks required are warnings with their source (issue 26 §2).
    expect(out.issues.map((i) => i.field)).toEqual(['writtenPermission']);
    expect(out.warnings.map((w) => [w.field, w.code, w.source])).toEqual([
      ['module', 'missing-bundled-required', 'bundled'],
      ['approximateDateOfLoss', 'missing-bundled-required', 'bundled'],
      ['reasonForRestore', 'missing-bundled-required', 'bundled'],
      ['description', 'missing-bundled-required', 'bundled'],
    ]);
  });

  it('says where a YAML file is broken, with no stack trace', async () => {
    const r = await cli(['case', 'validate', '-'], 'caseType: [application-issue\nsubject: x\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: standard input: not valid YAML \(line \d+, column \d+\)/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a YAML alias bomb quickly', async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 9; i++)
      bomb.push(
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
      );
    const r = await cli(['case', 'validate', '-'], `${bomb.join('\n')}\n`);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: standard input: not a usable YAML document');
  });

  it('names a missing file', async () => {
    const r = await cli(['case', 'validate', join(state.dir, 'nope.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope.yaml: no such file');
  });
});

describe('ic-support case template', () => {
  it('prints a skeleton that validates once filled in', async () => {
    const t = await cli(['case', 'template', 'ask-a-question']);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('caseType: ask-a-question');
    const filled = t.stdout
      .replace(/^module:$/m, 'module: Scheduling')
      .replace(/^subject:$/m, 'subject: How do I set up a snow day?')
      .replace(/^description: \|\n {2}$/m, 'description: |\n  We closed today; how do we record it for all schools?');
    const file = join(state.dir, 'q.yaml');
    writeFileSync(file, filled);
    const v = await cli(['case', 'validate', file]);
    expect(v.stderr).toBe(`${file}: a valid Ask a Question case.\n`);
    expect(v.code).toBe(0);
  });
});

describe('usage errors and help', () => {
  it('exits 2 on an unknown command or flag', async () => {
    const a = await cli(['case', 'frobnicate']);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain("unknown command 'frobnicate'");
    const b = await cli(['case', 'types', '--jsn']);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain("unknown option '--jsn'");
    expect(b.stderr).toContain('--json');
  });

  it('shows examples in help', async () => {
    for (const args of [
      ['--help'],
      ['case', '--help'],
      ['case', 'types', '--help'],
      ['case', 'fields', '--help'],
      ['case', 'validate', '--help'],
      ['completion', '--help'],
    ]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout, args.join(' ')).toContain('Examples:');
    }
  });

  it('prints the version from package.json', async () => {
    const { version } = (await import('../../package.json', { with: { type: 'json' } })).default;
    const r = await cli(['--version']);
    expect(r).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('help environment and help exit-codes: topics, the codes from EXIT_CODES (issue 26 §20)', async () => {
    const { EXIT_CODES } = await import('../../src/errors.js');
    const codes = await cli(['help', 'exit-codes']);
    expect(codes.code, codes.stderr).toBe(0);
    for (const e of Object.values(EXIT_CODES)) expect(codes.stdout).toMatch(new RegExp(`^ +${e.code} +.+$`, 'm'));
    expect(codes.stdout.trimEnd().split('\n')).toHaveLength(Object.keys(EXIT_CODES).length + 1);
    const env = await cli(['help', 'environment']);
    expect(env.code, env.stderr).toBe(0);
    for (const name of [
      'IC_SUPPORT_TOKEN',
      'IC_SUPPORT_PORTAL_URL',
      'IC_SUPPORT_CONFIG_DIR',
      'NO_COLOR',
      'HTTPS_PROXY',
    ])
      expect(env.stdout).toContain(name);
    expect((await cli(['help', 'constructor'])).code).toBe(2);
    expect((await cli(['--help'])).stdout).toContain('ic-support help environment');
  });

  it('--version --verbose adds the Node version and the platform, for a bug report (issue 26 §20)', async () => {
    const { version } = (await import('../../package.json', { with: { type: 'json' } })).default;
    for (const args of [
      ['--version', '--verbose'],
      ['--verbose', '-V'],
    ]) {
      const r = await cli(args);
      expect(r, args.join(' ')).toEqual({
        code: 0,
        stdout: `${version}\nNode.js ${process.version} on ${process.platform} ${process.arch}\n`,
        stderr: '',
      });
    }
  });
});

describe('ic-support case lint', () => {
  it('warns about a vague case without failing, and fails with --strict', async () => {
    const text = 'caseType: ask-a-question\nmodule: Scheduling\nsubject: Help\ndescription: Please call me.\n';
    const r = await cli(['case', 'lint', '-'], text);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('standard input: warning: subject: Subject "Help" is too vague to route');
    // A question is asked Who and Where, not When (case-type aware advice).
    expect(r.stdout).toContain('standard input: warning: description: Description does not say where in Campus');
    expect(r.stdout).not.toContain('does not say when');
    const strict = await cli(['case', 'lint', '--strict', '-', '--json'], text);
    // After --json, '-' is its value (--json takes field names, as gh's): the file is then missing.
    const misplaced = await cli(['case', 'lint', '--strict', '--json', '-'], text);
    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toContain("missing required argument 'file'");
    expect(strict.code).toBe(2);
    const out = JSON.parse(strict.stdout) as { valid: boolean; warnings: { code: string }[] };
    expect(out.valid).toBe(true);
    expect(out.warnings.map((w) => w.code).sort()).toEqual([
      'description-what',
      'description-where',
      'description-who',
      'subject-vague',
    ]);
  });

  it('reports validation errors too, with exit 2', async () => {
    const r = await cli(
      ['case', 'lint', '-'],
      'caseType: ask-a-question\nsubject: How do I set up a snow day in the calendar?\npriority: Critical\n',
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('standard input: error: priority: Priority Critical is limited to Report an Outage');
    // Offline the bundled catalog's required marker is only a warning, naming the bundled default.
    expect(r.stdout).toContain(
      'standard input: warning: module: Module is not given (flag --module, case-file key module); the bundled catalog marks it required',
    );
  });

  it('a case it has nothing to say about gets "no advice", not a verdict that it is well written', async () => {
    const r = await cli(
      ['case', 'lint', '-'],
      [
        'caseType: ask-a-question',
        'module: Scheduling',
        'subject: Snow day setup for the district calendar',
        'description: How do our counselors at Bayside School set up a snow day in the calendar tool so that the schedule skips it?',
        '',
      ].join('\n'),
    );
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('standard input: no problems found; no advice.\n');
    expect(r.stderr).not.toMatch(/well-written/);
  });
});

describe('a closed pipe', () => {
  it('ends quietly when the reader goes away (ic-support … | true)', async () => {
    const { spawnSync } = await import('node:child_process');
    // `true` exits without reading: every write of ours meets a closed pipe (EPIPE).
    const r = spawnSync(
      'sh',
      [
        '-c',
        `"${process.execPath}" bin/ic-support.cjs case fields modify-support-contacts | true; echo "status \${PIPESTATUS:-n/a}"`,
      ],
      { env: state.env, encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
  });
});

describe('the suite-wide secret check', () => {
  it('fails a run whose output holds the token it was given', async () => {
    // A stand-in "token" that case types does print: runCli must refuse the result.
    await expect(
      runCli(['case', 'types'], { env: { ...state.env, IC_SUPPORT_TOKEN: 'application-issue' } }),
    ).rejects.toThrow('printed its token');
    await expect(
      spawnCli(['case', 'types'], { env: { ...state.env, IC_SUPPORT_TOKEN: 'application-issue' } }),
    ).rejects.toThrow('printed its token');
  });
});
