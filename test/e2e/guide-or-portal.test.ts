// Only what the guide or the portal says (issue 26 §1-3, §7): a portal that protects its catalog is
// read with the token; what only the bundled catalog says (required markers, lists) and the tool's
// own checks warn, labeled; the portal's catalog, once cached, decides. The CLI against the sandbox
// and against a purpose-built portal on 127.0.0.1 in front of it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, useStateDir } from '../helpers/cli.js';
import { signedInEnv, useSandboxSession, type Body } from '../helpers/sandbox.js';
import { KEY, spawnCli } from '../helpers/pty.js';
import { startRelay, type Relay } from '../helpers/portal-relay.js';
import { catalog } from '../../src/domain/catalog/index.js';
import { addDays, formatUsDate, localToday } from '../../src/domain/dates.js';

const session = useSandboxSession();
const offline = useStateDir();

/** A Module this portal offers and the bundled list lacks (the sandbox's own: it files with it). */
const ONLY_THE_PORTAL = 'Calendar';

/**
 * A portal on 127.0.0.1 that protects its catalog: GET /api/v1/catalog and /api/v1/picklists are
 * answered 401 without a bearer token (or `failLists`: 500 whatever is sent); everything else, and
 * those with the token, go to the sandbox behind it. Records each request and whether it had a token.
 */
function useProtectedPortal(): { url: string; requests: string[]; failLists: boolean } {
  const out = { url: '', requests: [] as string[], failLists: false };
  let relay: Relay | undefined;
  beforeAll(async () => {
    relay = await startRelay(session.sb.url, {
      intercept: (req, res, target) => {
        const withToken = /^Bearer \S+/.test(req.headers.authorization ?? '');
        out.requests.push(`${req.method ?? ''} ${target.pathname}${withToken ? ' (token)' : ''}`);
        const lists = target.pathname === '/api/v1/catalog' || target.pathname === '/api/v1/picklists';
        if (!lists || (!out.failLists && withToken)) return false;
        const status = out.failLists ? 500 : 401;
        res
          .writeHead(status, {
            'content-type': 'application/problem+json',
            ...(status === 401 ? { 'www-authenticate': 'Bearer' } : {}),
          })
          .end(
            JSON.stringify({
              type: 'about:blank',
              title: status === 401 ? 'Sign in to read the catalog' : 'Internal error',
              status,
              detail: status === 401 ? 'This portal shows its catalog to signed-in contacts only.' : 'Try again later.',
              code: status === 401 ? 'unauthenticated' : 'internal',
            }),
          );
        return true;
      },
    });
    out.url = relay.url;
  });
  afterAll(() => relay?.close());
  return out;
}

const askFlags = (subject: string, module = ONLY_THE_PORTAL): string[] => [
  'case',
  'submit',
  'ask-a-question',
  '--module',
  module,
  '--subject',
  subject,
  '--description',
  'How do we set up a snow day for one school only?',
];

describe('a portal that protects its catalog (issue 26 §1)', () => {
  const portal = useProtectedPortal();
  let env: Record<string, string>;
  beforeAll(async () => {
    env = (await signedInEnv({ ...session.sb, url: portal.url }, join(session.dir, 'protected'))).env;
  });

  it('the bundled Module list lacks the value only this portal offers (so the tests can tell them apart)', () => {
    const bundled = catalog.types.find((t) => t.id === 'ask-a-question')!.fields.find((f) => f.key === 'module')!;
    expect(bundled.choices).not.toContain(ONLY_THE_PORTAL);
  });

  it("the form at a terminal reads the catalog with the token and offers this portal's Module", async () => {
    const t = spawnCli(['case', 'submit', 'ask-a-question'], env);
    for (const q of ['? Is this case about one of them?', '? Account', '? Contact', '? Priority']) {
      await t.expect(q);
      t.send(KEY.enter);
    }
    await t.expect('? Module');
    await t.expect(ONLY_THE_PORTAL);
    t.send(KEY.ctrlC);
    expect((await t.exited()).code).toBe(130);
    expect(t.screen()).not.toContain('could not be loaded');
    expect(portal.requests).toContain('GET /api/v1/catalog (token)');
    expect(portal.requests).toContain('GET /api/v1/picklists (token)');
  });

  it("case fields then shows this portal's list, from its catalog: not the offline default", async () => {
    const r = await runCli(['case', 'fields', 'ask-a-question'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`from the catalog of ${portal.url}`);
    expect(r.stdout).not.toContain('offline default');
    expect(r.stdout).toMatch(
      new RegExp(`choices \\(this portal's list\\): Attendance \\| Behavior \\| ${ONLY_THE_PORTAL}`),
    );
  });

  it('the case files with that module, with no warning at all', async () => {
    const subject = 'Snow day for one school (protected catalog)';
    const r = await runCli([...askFlags(subject), '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('warning');
    expect(r.stderr).not.toContain('bundled');
    const { number } = JSON.parse(r.stdout) as { number: string };
    expect(((await session.stored(number)) as { fields: Body }).fields.module).toBe(ONLY_THE_PORTAL);
  });

  it("without a token, a 401 on the portal's lists is said once, naming why, on stderr; --json's stdout stays data", async () => {
    // A fresh state folder (nothing cached), the portal's lists failing for this command.
    const fresh = (await signedInEnv({ ...session.sb, url: portal.url }, join(session.dir, 'lists-fail'))).env;
    portal.failLists = true;
    try {
      const r = await runCli([...askFlags('Snow day (lists not loaded)'), '--json'], { env: fresh });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ number: expect.stringMatching(/^\d{8}$/) });
      const said = r.stderr.split('\n').filter((l) => l.includes('could not be loaded'));
      expect(said).toEqual([
        expect.stringMatching(
          new RegExp(
            `^warning: the case types and lists of ${portal.url} could not be loaded \\(.*500.*\\); the bundled catalog \\(the offline default\\) is used`,
          ),
        ),
      ]);
    } finally {
      portal.failLists = false;
    }
  });
});

/** Help text as one line: commander wraps its columns at the width it finds. */
const flat = (text: string): string => text.replace(/\s*\n\s+/g, ' ');

/** A case file of `lines` in a folder of the test. */
const caseFile = (name: string, lines: string[]): string => {
  const path = join(session.dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
};

describe("required fields are the portal's; the bundled markers only warn (issue 26 §2)", () => {
  const noModule = (): string =>
    caseFile('no-module.yaml', [
      'caseType: ask-a-question',
      'subject: Snow day setup',
      'description: How do we set up a snow day for one school only?',
    ]);

  it('offline, with no portal catalog cached: a missing field the bundled catalog marks required is a warning naming the bundled default, exit 0', async () => {
    const file = noModule();
    const r = await runCli(['case', 'validate', file], { env: offline.env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      `${file}: warning: module: Module is not given (flag --module, case-file key module); the bundled catalog marks it required (the bundled default: the guide lists no required fields; the portal decides): it is sent without it`,
    );
    const json = await runCli(['case', 'validate', file, '--json'], { env: offline.env });
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout).warnings).toEqual([
      expect.objectContaining({ field: 'module', code: 'missing-bundled-required', source: 'bundled' }),
    ]);
  });

  it("with the portal's catalog cached, the same file is refused", async () => {
    const cached = await runCli(['catalog', 'refresh'], { env: session.env });
    expect(cached.code, cached.stderr).toBe(0);
    const r = await runCli(['case', 'validate', noModule()], { env: session.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('module: Module is required (flag --module, case-file key module)');
  });

  it('case fields, --help and --json say whose each required marker is', async () => {
    const text = await runCli(['case', 'fields', 'ask-a-question'], { env: offline.env });
    expect(text.stdout).toMatch(/Module {2}--module {2}choice, required: the bundled default, the portal decides\n/);
    const online = await runCli(['case', 'fields', 'ask-a-question'], { env: session.env });
    expect(online.stdout).toMatch(/Module {2}--module {2}choice, required\n/);
    const json = JSON.parse(
      (await runCli(['case', 'fields', 'ask-a-question', '--json'], { env: offline.env })).stdout,
    );
    expect(json.fields.find((f: Body) => f.key === 'module')).toMatchObject({ required: true, source: 'bundled' });
    const jsonOnline = JSON.parse(
      (await runCli(['case', 'fields', 'ask-a-question', '--json'], { env: session.env })).stdout,
    );
    expect(jsonOnline.fields.find((f: Body) => f.key === 'module')).toMatchObject({ required: true, source: 'portal' });
    const help = await runCli(['case', 'submit', 'ask-a-question', '--help'], {
      env: { ...offline.env, COLUMNS: '400' },
    });
    expect(flat(help.stdout)).toMatch(/--module <value> +Module \(required: the bundled default, the portal decides\)/);
  });
});

describe("rules the guide never states are the tool's own checks (issue 26 §3)", () => {
  const today = localToday(new Date(), 'UTC');
  const training = (date: string): string =>
    caseFile(`training-${date}.yaml`, [
      'caseType: request-training',
      'requestType: Scheduling',
      `preferredTrainingDates: [${date}]`,
      'subject: Scheduling training for counselors',
      'description: Our four counselors need scheduling training.',
    ]);
  const restore = (date: string): string =>
    caseFile(`restore-${date}.yaml`, [
      'caseType: data-restore',
      'module: Census',
      `approximateDateOfLoss: ${date}`,
      'reasonForRestore: Deleted by mistake.',
      'writtenPermission: true',
      'subject: Restore deleted enrollment',
      'description: One enrollment was deleted.',
    ]);

  it("offline, a preferred date in the past is a warning labeled as ic-support's own check, exit 0", async () => {
    const file = training(addDays(today, -3));
    const r = await runCli(['case', 'validate', file], { env: { ...offline.env, IC_SUPPORT_TZ: 'UTC' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      `warning: preferredTrainingDates[0]: Preferred Training Date: each date must be in the future and different from the others (first, second and third choice) (you gave ${formatUsDate(addDays(today, -3))}). (ic-support's own check, not the guide's: the case is sent as it is and the portal decides)`,
    );
  });

  it('offline, a Data Restore date just outside the 30-day window is a warning naming the policy: the date is approximate', async () => {
    const file = restore(addDays(today, -31));
    const r = await runCli(['case', 'validate', file], { env: { ...offline.env, IC_SUPPORT_TZ: 'UTC' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('data is retained for 30 days (the Campus Data Retention Policy)');
    expect(r.stderr).toContain(
      `Give a date from ${formatUsDate(addDays(today, -30))} to ${formatUsDate(today)} (you gave ${formatUsDate(addDays(today, -31))}). (the guide calls this date approximate: the case is sent as it is and the portal decides)`,
    );
  });

  it("with the portal's catalog, which states the same rules, they are the portal's: refused", async () => {
    const r = await runCli(['case', 'validate', training(addDays(today, -3))], {
      env: { ...session.env, IC_SUPPORT_TZ: 'UTC' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('preferredTrainingDates[0]: Preferred Training Date: each date must be in the future');
  });
});

describe('no invented defaults or placeholders (issue 26 §7)', () => {
  it('case fields data-restore fills the window with real dates', async () => {
    const r = await runCli(['case', 'fields', 'data-restore'], { env: { ...offline.env, IC_SUPPORT_TZ: 'UTC' } });
    const today = localToday(new Date(), 'UTC');
    expect(r.stdout).not.toMatch(/\{(from|to)\}/);
    // Dates as every message gives them (issue 26 §8): MM/DD/YYYY.
    expect(r.stdout).toContain(`Give a date from ${formatUsDate(addDays(today, -30))} to ${formatUsDate(today)}.`);
    const json = JSON.parse((await runCli(['case', 'fields', 'data-restore', '--json'], { env: offline.env })).stdout);
    expect(JSON.stringify(json.rules)).not.toMatch(/\{(from|to)\}/);
  });

  it('case template modify-support-contacts holds no live value the user did not choose', async () => {
    const r = await runCli(['case', 'template', 'modify-support-contacts'], { env: offline.env });
    const live = r.stdout.split('\n').filter((l) => l.trim() && !l.startsWith('#'));
    expect(live.filter((l) => /SIS|Authorized|Add\b/.test(l))).toEqual([]);
    expect(live).toContain('areaOfResponsibility: []');
  });

  it('--help says whose each list is, and offers Critical only where the guide allows it', async () => {
    const wide = offline.env;
    const issue = await runCli(['case', 'submit', 'application-issue', '--help'], { env: wide });
    expect(flat(issue.stdout)).toMatch(
      /--priority <value> +Priority \(default Medium\) - High \| Medium \| Low \(the guide's list\)/,
    );
    expect(flat(issue.stdout)).toMatch(
      /--module <value> +Module .* \(bundled list; other values are sent and the portal checks them\)/,
    );
    const outage = await runCli(['case', 'submit', 'report-an-outage', '--help'], { env: wide });
    expect(flat(outage.stdout)).toMatch(
      /Priority \(default Medium\) - Critical \| High \| Medium \| Low \(the guide's list\)/,
    );
    const online = await runCli(['case', 'submit', 'application-issue', '--help'], {
      env: { ...session.env, COLUMNS: '400' },
    });
    expect(flat(online.stdout)).toMatch(/--module <value> +Module \(required\) - .*Calendar.* \(this portal's list\)/);
    const fields = await runCli(['case', 'fields', 'application-issue'], { env: offline.env });
    expect(fields.stdout).toContain("choices (the guide's list): High | Medium | Low\n");
  });
});
