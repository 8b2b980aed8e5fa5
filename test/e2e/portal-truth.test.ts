// The portal is the source of truth (issue 13): its lists, its catalog, who may file, the account it
// assigns; and the guide's words where the guide fixes them. The CLI against the sandbox,
// whose picklists differ from the bundled ones (Module adds Calendar and Ed-Fi).
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, useStateDir } from '../helpers/cli.js';
import { SEEDED, signedInEnv, useSandboxSession, type Body } from '../helpers/sandbox.js';
import { KEY, spawnCli } from '../helpers/pty.js';
import { attachmentRows, subjectCounts } from '../helpers/sandbox-db.js';
import { catalog } from '../../src/domain/catalog/index.js';
import { questionArgs } from '../helpers/filed-case.js';

const session = useSandboxSession();
const offline = useStateDir();

const BUNDLED_MODULES = catalog.types
  .find((t) => t.id === 'application-issue')!
  .fields.find((f) => f.key === 'module')!.choices!;

const issueFlags = (module: string): string[] => [
  'case',
  'submit',
  'application-issue',
  '--type',
  'Campus Application',
  '--module',
  module,
  '--subject',
  'Teachers unable to see the calendar days',
  '--description',
  'All teachers at Campus High School see no instructional days in the calendar since Monday when they open their schedules.',
];

describe('lists from the portal', () => {
  it('the sandbox offers a Module that the bundled list lacks (so these tests can tell the two apart)', () => {
    expect(BUNDLED_MODULES).not.toContain('Calendar');
  });

  it("files a case with a value only this portal offers, with no warning: online the portal's list is the truth", async () => {
    const r = await runCli(issueFlags('Calendar'), { env: session.env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('not in the bundled list');
    const number = r.stdout.split(' ')[0]!;
    const c: Body = await session.stored(number);
    expect(c.fields.module).toBe('Calendar');
  });

  it('refuses, before sending, a value this portal does not offer', async () => {
    const r = await runCli(issueFlags('Gradebook'), { env: session.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /Module must be one of: .*Calendar.*Ed-Fi.* \(not "Gradebook"; did you mean "Grade Book"\?\)/,
    );
  });

  it("caches the portal's catalog per portal: catalog status and refresh", async () => {
    const r = await runCli(['catalog', 'refresh', '--json'], { env: session.env });
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as Body;
    expect(j).toMatchObject({
      source: 'portal',
      portalUrl: session.sb.url,
      fromPortal: { catalog: true, picklists: true },
      stale: false,
    });
    expect(j.version).toMatch(/\+sandbox/);
    expect(j.etag).toMatch(/^".+"$/);
    expect(j.notInBundled).toEqual(
      expect.arrayContaining(['module: Calendar', 'module: Ed-Fi', 'requestType: Calendar']),
    );
    const text = await runCli(['catalog', 'status'], { env: session.env });
    expect(text.stdout).toContain(`Catalog: ${session.sb.url}, version ${String(j.version)}`);
    expect(text.stdout).toContain('Values this portal offers that the bundled lists lack: module: Calendar');
    // case fields and completion read the same view: the portal's list, labeled as the portal's.
    const fields = await runCli(['case', 'fields', 'application-issue'], { env: session.env });
    expect(fields.stdout).toMatch(/choices \(this portal's list\): Attendance \| Behavior \| Calendar/);
    expect(fields.stdout).toContain(`from the catalog of ${session.sb.url}`);
    // Limits the guide never states are labeled as this portal's, from its catalog.
    expect(fields.stdout).toContain(
      "Attachments (--attach, attachments: in a case file)\n  each at most 20.0 MiB (this portal's limit), 10 attachments per submission (this portal's limit).",
    );
    expect(fields.stdout).toContain("at most 120 characters (this portal's limit)");
    // case template too: the portal's list and limits, labeled as the portal's.
    const template = await runCli(['case', 'template', 'application-issue'], { env: session.env });
    expect(template.stdout).toMatch(/# {3}choices \(this portal's list\): Attendance \| Behavior \| Calendar/);
    expect(template.stdout).toContain("#   at most 120 characters (this portal's limit)");
    expect(template.stdout).toContain("each at most 20.0 MiB (this portal's limit)");
    const done = await runCli(['__complete', 'case', 'submit', 'application-issue', '--module', 'Ca'], {
      env: session.env,
    });
    expect(done.stdout.split('\n')).toEqual(expect.arrayContaining(['Calendar', 'Campus Learning']));
  });
});

describe("limits the guide never states: this portal's, from its catalog", () => {
  // 21 MiB: over the sandbox's published 20 MiB, under the bundled default of 25 MiB. Sparse: no disk is used.
  const between = (name: string): string => {
    const path = join(session.dir, name);
    writeFileSync(path, '');
    truncateSync(path, 21 * 1024 * 1024);
    return path;
  };

  it("case attach refuses locally a file under the bundled default but over this portal's limit, naming it", async () => {
    const filed = await runCli(issueFlags('Calendar'), { env: session.env });
    expect(filed.code, filed.stderr).toBe(0);
    const number = filed.stdout.split(' ')[0]!;
    const big = between('between-attach.bin');
    const r = await runCli(['case', 'attach', number, big], { env: session.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `${big}: is 21.0 MiB; the portal takes at most 20.0 MiB per attachment (this portal's limit): compress it or split it`,
    );
    expect(attachmentRows(session.sb.dataDir, number)).toEqual([]);
  });

  it('case submit --attach refuses it before filing anything', async () => {
    const big = between('between-submit.bin');
    const subject = 'Limits test: attachment over the portal limit';
    const flags = issueFlags('Calendar').map((v) => (v === 'Teachers unable to see the calendar days' ? subject : v));
    const r = await runCli([...flags, '--attach', big], { env: session.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("is 21.0 MiB; the portal takes at most 20.0 MiB per attachment (this portal's limit)");
    expect(subjectCounts(session.sb.dataDir, subject).get(subject)).toBeUndefined();
  });

  it("case submit counts the case file's attachments and --attach together against this portal's 10, before filing anything", async () => {
    const names = Array.from({ length: 11 }, (_, i) => `count-${i}.txt`);
    for (const n of names) writeFileSync(join(session.dir, n), n);
    const subject = 'Limits test, eleven attachments';
    const file = join(session.dir, 'eleven.yaml');
    writeFileSync(
      file,
      [
        'caseType: ask-a-question',
        'module: Calendar',
        `subject: ${subject}`,
        'description: Eleven files.',
        `attachments: [${names.slice(0, 6).join(', ')}]`,
      ].join('\n'),
    );
    const r = await runCli(
      ['case', 'submit', '--from-file', file, ...names.slice(6).flatMap((n) => ['--attach', join(session.dir, n)])],
      { env: session.env },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "attachments and --attach: 11 files; a case takes at most 10 at submission (this portal's limit): add more later with: ic-support case attach",
    );
    expect(subjectCounts(session.sb.dataDir, subject).get(subject)).toBeUndefined();
    // Offline the same 10 is the bundled default: a warning, and the dry run goes ahead.
    const dry = await runCli(
      [
        'case',
        'submit',
        '--from-file',
        file,
        ...names.slice(6).flatMap((n) => ['--attach', join(session.dir, n)]),
        '--dry-run',
      ],
      { env: offline.env },
    );
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toContain(
      "warning: attachments and --attach: 11 files; a case takes at most 10 at submission (the bundled default, not the guide's; the portal may set its own): they are sent and the portal decides",
    );
  });

  it("catalog status labels each limit as this portal's", async () => {
    const r = await runCli(['catalog', 'status'], { env: session.env });
    expect(r.stdout).toContain(
      "Limits (the guide states none): attachments each at most 20.0 MiB (this portal's limit), 10 attachments per submission (this portal's limit); passwords at least 12 characters (this portal's limit).",
    );
  });

  it('offline, the same file passes case validate, and one over the bundled default is only a warning', async () => {
    // The user's folder: nothing is attached from the state folder (offline.dir).
    const mine = mkdtempSync(join(tmpdir(), 'ic-support-user-'));
    const file = join(mine, 'with-files.yaml');
    const ok = join(mine, 'between.bin');
    writeFileSync(ok, '');
    truncateSync(ok, 21 * 1024 * 1024);
    const huge = join(mine, 'huge.bin');
    writeFileSync(huge, '');
    truncateSync(huge, 30 * 1024 * 1024);
    writeFileSync(
      file,
      [
        'caseType: report-an-outage',
        'subject: Campus down',
        'description: No user can sign in to Campus since 8 AM.',
        'attachments: [between.bin, huge.bin]',
      ].join('\n'),
    );
    const r = await runCli(['case', 'validate', file], { env: offline.env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(
      `${file}: warning: attachments[1]: huge.bin is 30.0 MiB, over 25.0 MiB per attachment (the bundled default, not the guide's; the portal may set its own): it is sent and the portal decides\n${file}: a valid Report an Outage case.\n`,
    );
    rmSync(mine, { recursive: true, force: true });
  });
});

/** How a rewriting portal changes the sandbox's answers (JSON bodies, changed in place). */
interface Rewrites {
  catalog?: (body: Body) => void;
  me?: (body: Body) => void;
}

/**
 * Another portal on 127.0.0.1 that speaks the same contract: the sandbox behind a forwarder that
 * rewrites the JSON of GET /api/v1/catalog and GET /api/v1/me (`rewrites`, changeable between
 * runs) and records every request. What it does not rewrite, the sandbox behind it enforces.
 */
function useRewritingPortal(initial: Rewrites): { url: string; requests: string[]; rewrites: Rewrites } {
  const out = { url: '', requests: [] as string[], rewrites: initial };
  let server: Server | undefined;
  beforeAll(async () => {
    const target = new URL(session.sb.url);
    server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      out.requests.push(`${req.method ?? ''} ${path}`);
      const rewrite =
        req.method === 'GET'
          ? path === '/api/v1/catalog'
            ? out.rewrites.catalog
            : path === '/api/v1/me'
              ? out.rewrites.me
              : undefined
          : undefined;
      // A rewritten answer is always sent whole: the sandbox's ETag no longer describes it.
      const headers = rewrite
        ? { ...req.headers, host: target.host, 'if-none-match': '' }
        : { ...req.headers, host: target.host };
      const up = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
        (answer) => {
          if (rewrite && answer.statusCode === 200) {
            const chunks: Buffer[] = [];
            answer.on('data', (c: Buffer) => chunks.push(c));
            answer.on('end', () => {
              const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Body;
              rewrite(body);
              const text = JSON.stringify(body);
              res
                .writeHead(200, {
                  'content-type': 'application/json',
                  ...(path === '/api/v1/catalog'
                    ? { etag: `"${createHash('sha256').update(text).digest('hex').slice(0, 16)}"` }
                    : {}),
                })
                .end(text);
            });
            return;
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      up.on('error', () => res.destroy());
      req.pipe(up);
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    out.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });
  return out;
}

/** A catalog that states no limits: no `limits`, no field's `maxLength`. */
const stateNoLimits = (body: Body): void => {
  delete body.limits;
  for (const t of body.types as Body[]) for (const f of t.fields as Body[]) delete f.maxLength;
};

/** A portal whose catalog states no limits; the sandbox behind it still enforces its own, as a real portal may without publishing them. */
const useSilentPortal = () => useRewritingPortal({ catalog: stateNoLimits });

describe('limits only the bundled default gives (the guide states none): warnings, and the portal checks', () => {
  const silent = useSilentPortal();
  const long = `Teachers unable to see the calendar days ${'x'.repeat(89)}`; // 130 characters
  const longFlags = (): string[] =>
    issueFlags('Calendar').map((v) => (v === 'Teachers unable to see the calendar days' ? long : v));
  const warning =
    "warning: subject: Subject is 130 characters, over 120 (the bundled default, not the guide's; the portal may set its own): it is sent as it is and the portal will check";

  it('the subject really is 130 characters', () => expect(long).toHaveLength(130));

  it('offline, case validate and a --dry-run take a 130-character Subject with a warning naming the field, the number and the portal', async () => {
    const file = join(offline.dir, 'long-subject.yaml');
    writeFileSync(
      file,
      ['caseType: report-an-outage', `subject: ${long}`, 'description: No user can sign in to Campus since 8 AM.'].join(
        '\n',
      ),
    );
    const v = await runCli(['case', 'validate', file], { env: offline.env });
    expect(v.code, v.stderr).toBe(0);
    expect(v.stderr).toContain(`${file}: ${warning}`);
    const dry = await runCli([...longFlags(), '--dry-run'], { env: offline.env });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toContain(warning);
    expect(JSON.parse(dry.stdout).body.fields.subject).toBe(long);
  });

  it("against the sandbox, whose catalog states 120, flags and --from-file are refused before sending, as this portal's limit", async () => {
    const r = await runCli(longFlags(), { env: session.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("subject: Subject is 130 characters; shorten it to 120 or fewer (this portal's limit)");
    expect(r.stderr).not.toContain('bundled default');
    const file = join(session.dir, 'long-subject.yaml');
    writeFileSync(
      file,
      [
        'caseType: ask-a-question',
        'module: Calendar',
        `subject: ${long}`,
        'description: How do we set up a snow day?',
      ].join('\n'),
    );
    const f = await runCli(['case', 'submit', '--from-file', file], { env: session.env });
    expect(f.code).toBe(2);
    expect(f.stderr).toContain("subject: Subject is 130 characters; shorten it to 120 or fewer (this portal's limit)");
    expect(subjectCounts(session.sb.dataDir, long).get(long)).toBeUndefined();
  });

  it("against a portal whose catalog states no limits: a warning, the case is sent, and the portal's own refusal is shown naming the field and the fix", async () => {
    const { env } = await signedInEnv({ ...session.sb, url: silent.url }, join(session.dir, 'silent'));
    const status = await runCli(['catalog', 'refresh'], { env });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain(
      "attachments each at most 25.0 MiB (the bundled default, not the guide's; the portal may set its own)",
    );
    const fields = await runCli(['case', 'fields', 'application-issue'], { env });
    expect(fields.stdout).not.toContain('at most 120 characters');
    const r = await runCli(longFlags(), { env });
    expect(r.code).toBe(2);
    // No limit stated, so nothing of ours: the bundled default is not even a warning here.
    expect(r.stderr).not.toContain('bundled default');
    expect(r.stderr).toContain("subject: Subject is 130 characters; shorten it to 120 or fewer (this portal's limit)");
    expect(r.stderr).toContain('the portal’s answer');
    expect(subjectCounts(session.sb.dataDir, long).get(long)).toBeUndefined();
  });

  it("against a portal whose catalog states no attachment limit: a file over the bundled default is a warning, sent, and the portal's refusal names the file and the fix", async () => {
    const { env } = await signedInEnv({ ...session.sb, url: silent.url }, join(session.dir, 'silent-attach'));
    const filed = await runCli(issueFlags('Calendar'), { env });
    expect(filed.code, filed.stderr).toBe(0);
    const number = filed.stdout.split(' ')[0]!;
    const big = join(session.dir, 'over-bundled.bin');
    writeFileSync(big, '');
    truncateSync(big, 26 * 1024 * 1024);
    const r = await runCli(['case', 'attach', number, big], { env });
    expect(r.stderr).toContain(
      `warning: ${big}: is 26.0 MiB, over 25.0 MiB per attachment (the bundled default, not the guide's; the portal may set its own): it is sent and the portal decides`,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `${big}: not attached: The attachment is larger than 20 MiB. Compress it or split it (ic-support catalog status shows the limits this portal publishes).`,
    );
    expect(attachmentRows(session.sb.dataDir, number)).toEqual([]);
  });
});

describe('case download and the attachment limit', () => {
  const strict = useRewritingPortal({ catalog: (b) => ((b.limits as Body).attachmentMaxBytes = 16) });
  const silent = useSilentPortal();

  it('a portal that states a limit: an attachment it lists over that limit is not downloaded; one that states none (only the bundled default): downloaded', async () => {
    const filed = await runCli(issueFlags('Calendar'), { env: session.env });
    expect(filed.code, filed.stderr).toBe(0);
    const number = filed.stdout.split(' ')[0]!;
    const note = join(session.dir, 'download-note.txt');
    writeFileSync(note, 'The calendar shows no instructional days for section 1100-3.\n');
    const attached = await runCli(['case', 'attach', number, note], { env: session.env });
    expect(attached.code, attached.stderr).toBe(0);

    const { env: strictEnv } = await signedInEnv(
      { ...session.sb, url: strict.url },
      join(session.dir, 'strict-download'),
    );
    const refused = await runCli(['case', 'download', number, '--dir', join(session.dir, 'strict-out'), '--json'], {
      env: strictEnv,
      cwd: session.dir,
    });
    expect(refused.code, refused.stderr).toBe(14);
    expect(refused.stderr).toContain(
      "download-note.txt: is listed as 61 B, over this portal's limit of 16 B per attachment; not downloaded.",
    );
    expect(strict.requests.filter((r) => r.includes('/attachments/'))).toEqual([]);

    const { env: silentEnv } = await signedInEnv(
      { ...session.sb, url: silent.url },
      join(session.dir, 'silent-download'),
    );
    const saved = await runCli(['case', 'download', number, '--dir', join(session.dir, 'silent-out')], {
      env: silentEnv,
      cwd: session.dir,
    });
    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.stdout).toContain('Saved');
  });
});

describe('open incidents before filing, without a terminal (issue 13 §7)', () => {
  const portal = useSilentPortal();

  it('flags and --json: a note on stderr before the case is filed, never a question; stdout is only the JSON', async () => {
    const { env } = await signedInEnv({ ...session.sb, url: portal.url }, join(session.dir, 'notes'));
    portal.requests.length = 0;
    const r = await runCli(
      [...questionArgs('Calendar', 'Snow day setup (no terminal)', 'How do we set up a snow day?'), '--json'],
      { env },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ number: expect.stringMatching(/^\d{8}$/) });
    expect(r.stderr).toContain(
      'Open notifications (if one matches, please still file: it helps Infinite Campus see the scope):\n  [incident] DigiCert Incident (Resolved)',
    );
    expect(r.stderr).toContain(
      '(No terminal, so not asked: if the case is about one of them, say so in a comment on it.)',
    );
    expect(r.stderr).not.toContain('?');
    const read = portal.requests.indexOf('GET /status/v1/notifications');
    expect(read).toBeGreaterThanOrEqual(0);
    expect(read).toBeLessThan(portal.requests.indexOf('POST /api/v1/cases'));
  });

  it('a case refused locally costs no request for them, and a --dry-run files nothing so shows none', async () => {
    const { env } = await signedInEnv({ ...session.sb, url: portal.url }, join(session.dir, 'notes-refused'));
    portal.requests.length = 0;
    const bad = await runCli([...questionArgs('Calendar', 'Snow day', 'How?'), '--priority', 'Critical'], { env });
    expect(bad.code).toBe(2);
    const dry = await runCli([...questionArgs('Calendar', 'Snow day', 'How?'), '--dry-run'], { env });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).not.toContain('Open notifications');
    expect(portal.requests).not.toContain('GET /status/v1/notifications');
  });

  it('a batch: listed once before the first case is filed, never asked; stdout is only the result lines', async () => {
    const { env } = await signedInEnv({ ...session.sb, url: portal.url }, join(session.dir, 'notes-batch'));
    const batch = join(session.dir, 'notes-batch.ndjson');
    const one = (n: number) =>
      JSON.stringify({
        caseType: 'ask-a-question',
        module: 'Calendar',
        subject: `Snow day setup, school ${n}`,
        description: 'How do we set up a snow day for one school only?',
      });
    writeFileSync(batch, `${one(1)}\n${one(2)}\n`);
    portal.requests.length = 0;
    const r = await runCli(['case', 'submit', '--batch', batch], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => l.split('\t').slice(0, 2).join(' ')),
    ).toEqual(['line 1 filed', 'line 2 filed']);
    expect(r.stderr.split('[incident] DigiCert Incident (Resolved)')).toHaveLength(2);
    expect(r.stderr).toContain('(A batch asks nothing: if a case is about one of them, say so in a comment on it.)');
    const read = portal.requests.indexOf('GET /status/v1/notifications');
    expect(read).toBeGreaterThanOrEqual(0);
    expect(read).toBeLessThan(portal.requests.indexOf('POST /api/v1/cases'));
  });
});

describe("the portal's catalog, refreshed when the portal reports another version", () => {
  const portal = useRewritingPortal({});

  it('a new catalog version is fetched before filing; a rule this client does not know is skipped with a --verbose note, the portal still enforces it', async () => {
    const { env } = await signedInEnv({ ...session.sb, url: portal.url }, join(session.dir, 'versions'));
    const first = await runCli(['catalog', 'refresh', '--json'], { env });
    expect(first.code, first.stderr).toBe(0);
    const v1 = String(JSON.parse(first.stdout).version);
    // The portal moves to a new version whose Ask a Question has a rule of a kind this client does not know.
    portal.rewrites.me = (b) => (b.catalogVersion = 'next.2');
    portal.rewrites.catalog = (b) => {
      b.catalogVersion = 'next.2';
      const t = (b.types as Body[]).find((x) => x.id === 'ask-a-question')!;
      t.rules = [
        ...(t.rules as Body[]),
        {
          id: 'future-rule',
          check: 'subjectMentionsModule',
          params: { field: 'subject' },
          message: 'The subject must name the module.',
        },
      ];
    };
    portal.requests.length = 0;
    const r = await runCli(['--verbose', ...questionArgs('Calendar', 'Snow day', 'How?'), '--dry-run'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(portal.requests).toContain('GET /api/v1/catalog');
    expect(r.stderr).toContain(
      'rule future-rule of ask-a-question (check "subjectMentionsModule") is not known to this version of ic-support: skipped here, the portal still enforces it',
    );
    const status = await runCli(['catalog', 'status', '--json'], { env });
    expect(JSON.parse(status.stdout).version).toBe('next.2');
    expect(v1).not.toBe('next.2');
    // The same version again: the cache is used, nothing is refetched.
    portal.requests.length = 0;
    const again = await runCli([...questionArgs('Calendar', 'Snow day', 'How?'), '--dry-run'], { env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toContain('future-rule');
    expect(portal.requests).not.toContain('GET /api/v1/catalog');
  });
});

/** A case type only this portal offers (the bundled catalog lacks it), and a type it labels otherwise. */
const NEW_TYPE = 'report-a-security-concern';
const NEW_LABEL = 'Report a Security Concern';
const RELABELED = 'General Question';
const offerMoreTypes = (b: Body): void => {
  const types = b.types as Body[];
  const ask = types.find((t) => t.id === 'ask-a-question')!;
  types.push({
    ...(JSON.parse(JSON.stringify(ask)) as Body),
    id: NEW_TYPE,
    label: NEW_LABEL,
    description: "A suspected breach of the district's data or accounts.",
    examples: ['A teacher account sent mail its owner did not write'],
    // Fields only this portal has: their flags are declared from the cached catalog (and --field gives them too).
    fields: [
      ...(JSON.parse(JSON.stringify(ask.fields)) as Body[]),
      {
        key: 'affectedAccount',
        label: 'Affected Account',
        kind: 'text',
        required: false,
        help: 'The account that sent the mail.',
      },
      {
        key: 'affectedSystems',
        label: 'Affected Systems',
        kind: 'multichoice',
        required: false,
        choices: ['Mail', 'Campus', 'Drive'],
        help: 'Where the account was used.',
      },
    ],
  });
  ask.label = RELABELED;
};

/** A case of the portal-only type, given by flags. */
const SECURITY_FLAGS = [
  'case',
  'submit',
  NEW_TYPE,
  '--module',
  'Calendar',
  '--subject',
  'Phishing sent from a teacher account',
  '--description',
  'Since 9 AM a teacher account sends mail its owner did not write.',
];

/** Signed in through `portalUrl` with a state folder of its own (`name`), that portal's catalog cached. */
async function signedInWithCatalog(portalUrl: string, name: string): Promise<Record<string, string>> {
  const { env } = await signedInEnv({ ...session.sb, url: portalUrl }, join(session.dir, name));
  const r = await runCli(['catalog', 'refresh'], { env });
  expect(r.code, r.stderr).toBe(0);
  return env;
}

describe('case types from the portal: a type only it offers, a type it labels otherwise (issue 13 §1)', () => {
  const portal = useRewritingPortal({ catalog: offerMoreTypes });
  let env: Record<string, string>;
  beforeAll(async () => {
    env = await signedInWithCatalog(portal.url, 'more-types');
  });

  it("case types lists both, by the portal's labels, and says whose catalog it is; case fields describes the new type", async () => {
    const types = await runCli(['case', 'types'], { env });
    expect(types.code, types.stderr).toBe(0);
    expect(types.stdout).toContain(`11 case types, from the catalog of ${portal.url} (version `);
    expect(types.stdout).toContain(`${NEW_LABEL}  ${NEW_TYPE}`);
    expect(types.stdout).toContain(`${RELABELED}  ask-a-question`);
    expect(types.stdout).not.toContain('Ask a Question');
    const json = JSON.parse((await runCli(['case', 'types', '--json'], { env })).stdout) as {
      id: string;
      label: string;
    }[];
    expect(json).toContainEqual(expect.objectContaining({ id: NEW_TYPE, label: NEW_LABEL }));
    const fields = await runCli(['case', 'fields', NEW_TYPE], { env });
    expect(fields.code, fields.stderr).toBe(0);
    expect(fields.stdout).toContain(`${NEW_LABEL} (${NEW_TYPE}): `);
    // Offline the same command shows the bundled ten, and says so.
    const bundled = await runCli(['case', 'types'], { env: offline.env });
    expect(bundled.stdout).toContain(
      `10 case types, from the bundled catalog ${catalog.catalogVersion} (offline default)`,
    );
    expect(bundled.stdout).not.toContain(NEW_TYPE);
  });

  it("case submit takes the new type by argument, by its label and from a case file (--dry-run builds the body); sent, the portal's refusal is shown naming the field", async () => {
    const dry = await runCli(
      [
        ...SECURITY_FLAGS,
        '--field',
        'affectedAccount=jdoe',
        '--field',
        'affectedSystems=mail',
        '--field',
        'affectedSystems=Campus',
        '--dry-run',
      ],
      { env },
    );
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout).body).toMatchObject({
      caseType: NEW_TYPE,
      fields: {
        module: 'Calendar',
        subject: 'Phishing sent from a teacher account',
        affectedAccount: 'jdoe',
        affectedSystems: ['Mail', 'Campus'],
      },
    });
    const byLabel = await runCli([...SECURITY_FLAGS.map((a) => (a === NEW_TYPE ? NEW_LABEL : a)), '--dry-run'], {
      env,
    });
    expect(byLabel.code, byLabel.stderr).toBe(0);
    expect(JSON.parse(byLabel.stdout).body.caseType).toBe(NEW_TYPE);
    const file = join(session.dir, 'security.yaml');
    writeFileSync(
      file,
      [
        `caseType: ${NEW_TYPE}`,
        'module: Calendar',
        'subject: Phishing sent from a teacher account',
        'description: Since 9 AM a teacher account sends mail its owner did not write.',
      ].join('\n'),
    );
    const fromFile = await runCli(['case', 'submit', '--from-file', file, '--dry-run'], { env });
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(JSON.parse(fromFile.stdout).body.caseType).toBe(NEW_TYPE);
    const batch = join(session.dir, 'security.ndjson');
    writeFileSync(
      batch,
      `${JSON.stringify({ caseType: NEW_TYPE, module: 'Calendar', subject: 'Phishing', description: 'Mail its owner did not write.' })}\n`,
    );
    const batched = await runCli(['case', 'submit', '--batch', batch, '--dry-run'], { env });
    expect(batched.code, batched.stderr).toBe(0);
    // Without a terminal and without a type, the error lists this portal's types.
    const none = await runCli(['case', 'submit', '--subject', 'x'], { env });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(`ask-a-question, report-an-outage`);
    expect(none.stderr).toContain(NEW_TYPE);
    // Sent for real, it reaches the portal: the sandbox behind this one does not know the type, and says so.
    portal.requests.length = 0;
    const sent = await runCli(SECURITY_FLAGS, { env });
    expect(portal.requests).toContain('POST /api/v1/cases');
    expect(sent.code).toBe(2);
    expect(sent.stderr).toContain('the portal’s answer');
    expect(sent.stderr).toContain(`caseType: unknown case type "${NEW_TYPE}"`);
  });

  it("case list --case-type takes the portal's label, and filters", async () => {
    const filed = await runCli(
      [...questionArgs('Calendar', 'Snow days in the calendar', 'How do we add a snow day?')],
      { env },
    );
    expect(filed.code, filed.stderr).toBe(0);
    const number = filed.stdout.split(' ')[0]!;
    const r = await runCli(['case', 'list', '--status', 'all', '--case-type', RELABELED], { env });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    expect(lines.map((l) => l[0])).toContain(number);
    expect(new Set(lines.map((l) => l[1]))).toEqual(new Set(['ask-a-question']));
    const all = await runCli(['case', 'list', '--status', 'all'], { env });
    expect(
      new Set(
        all.stdout
          .trim()
          .split('\n')
          .map((l) => l.split('\t')[1]),
      ).size,
    ).toBeGreaterThan(1);
  });

  it("the form's first question offers the new type, by its label", async () => {
    const t = spawnCli(['case', 'submit'], env);
    await t.expect('Case type');
    await t.expect(RELABELED);
    await t.press(KEY.up); // the list wraps: the last type, this portal's new one
    await t.expect(NEW_LABEL);
    await t.press(KEY.enter);
    await t.expect(`Case type ${NEW_LABEL}`);
    // Ctrl-C at the next question, where the prompt reads it (the form's own interruption, exit 130).
    await t.expect(/\? (Is this case about one of them\?|Module)/);
    t.send(KEY.ctrlC);
    expect((await t.exited()).code).toBe(130);
    expect(t.screen()).not.toContain('Ask a Question');
  });

  it('the list table at a terminal labels the type as the portal does', async () => {
    const filed = await runCli([...questionArgs('Calendar', 'Late start days', 'How do we add a late start?')], {
      env,
    });
    expect(filed.code, filed.stderr).toBe(0);
    const number = filed.stdout.split(' ')[0]!;
    // No --case-type: the table alone loads the cached catalog for its labels.
    // Wide enough for every column whole (two districts: eight columns).
    const t = spawnCli(['case', 'list'], env, { cols: 200 });
    expect((await t.exited()).code).toBe(0);
    expect(t.screen()).toMatch(new RegExp(`${number} +General Question +`));
    expect(t.screen()).not.toContain('Ask a Question');
  });

  it("completion offers the new type, for case submit and for case list --case-type, and its fields' choices", async () => {
    const submit = await runCli(['__complete', 'case', 'submit', 're'], { env });
    expect(submit.stdout.split('\n')).toEqual(expect.arrayContaining([NEW_TYPE, 'report-an-outage']));
    const list = await runCli(['__complete', 'case', 'list', '--case-type', ''], { env });
    expect(list.stdout.split('\n')).toContain(NEW_TYPE);
    const module = await runCli(['__complete', 'case', 'submit', NEW_TYPE, '--module', 'Ca'], { env });
    expect(module.stdout.split('\n')).toContain('Calendar');
  });
});

describe("case submit's flags for the fields only the portal's catalog has (issue 13 §1)", () => {
  const portal = useRewritingPortal({ catalog: offerMoreTypes });
  let env: Record<string, string>;
  beforeAll(async () => {
    env = await signedInWithCatalog(portal.url, 'portal-flags');
  });
  const dryBody = async (args: string[]): Promise<Body> => {
    const r = await runCli([...args, '--dry-run'], { env });
    expect(r.code, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as { body: Body }).body;
  };

  it('a value, --flag=value, and a list kind repeated: the dry-run body has each, every value of the list kept', async () => {
    const body = await dryBody([
      ...SECURITY_FLAGS,
      '--affected-account',
      'jdoe',
      '--affected-systems',
      'mail',
      '--affected-systems=Campus',
      '--affected-systems',
      'Drive',
    ]);
    expect(body).toMatchObject({
      caseType: NEW_TYPE,
      fields: { module: 'Calendar', affectedAccount: 'jdoe', affectedSystems: ['Mail', 'Campus', 'Drive'] },
    });
    expect((await dryBody([...SECURITY_FLAGS, '--affected-account=j.doe'])).fields).toMatchObject({
      affectedAccount: 'j.doe',
    });
  });

  it("a value starting with '-' is the flag's value, as commander takes one for a bundled flag (even one that is another flag's name)", async () => {
    const body = await dryBody([...SECURITY_FLAGS, '--affected-account', '-w']);
    expect(body.fields).toMatchObject({ affectedAccount: '-w' });
    // -x is not one of the choices: refused by validation, after parsing took it as the value.
    const bad = await runCli([...SECURITY_FLAGS, '--affected-systems', '-x', '--dry-run'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Affected Systems');
    expect(bad.stderr).toContain('"-x"');
    // The same for a bundled flag.
    expect((await dryBody([...SECURITY_FLAGS, '--subject', '-w'])).fields).toMatchObject({ subject: '-w' });
  });

  it("an unknown flag is refused as commander refuses one (exit 2), naming it, with the portal's field as the did-you-mean; nothing is sent", async () => {
    portal.requests.length = 0;
    const r = await runCli([...SECURITY_FLAGS, '--affected-acount', 'jdoe'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error: unknown option '--affected-acount'");
    expect(r.stderr).toContain('(Did you mean --affected-account?)');
    expect(r.stdout).toBe('');
    const none = await runCli([...SECURITY_FLAGS, '--affected-widgets', 'x'], { env });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("error: unknown option '--affected-widgets'");
    expect(portal.requests).toEqual([]);
    // Offline (the bundled catalog), the portal's field is no flag either.
    const offline = await runCli(['case', 'submit', 'ask-a-question', '--affected-account', 'jdoe'], {
      env: { ...env, IC_SUPPORT_PORTAL_URL: '', IC_SUPPORT_CONFIG_DIR: join(session.dir, 'portal-flags-offline') },
    });
    expect(offline.code).toBe(2);
    expect(offline.stderr).toContain("error: unknown option '--affected-account'");
  });

  it("case submit <type> --help lists the type's fields from the portal's catalog: its labels, choices and own fields", async () => {
    const help = await runCli(['case', 'submit', NEW_TYPE, '--help'], { env });
    expect(help.code, help.stderr).toBe(0);
    const section = help.stdout.slice(
      help.stdout.indexOf(`Fields of ${NEW_LABEL} (${NEW_TYPE}):`),
      help.stdout.indexOf('Global Options:'),
    );
    const words = section.replace(/\s+/g, ' ');
    expect(words).toContain('--affected-account <value> Affected Account (optional)');
    expect(words).toContain(
      "--affected-systems <value> Affected Systems (optional) - Mail | Campus | Drive (this portal's list) - repeat the flag for several",
    );
    expect(words).toMatch(/--module <value> Module \(required\) - [^-]*Calendar/);
    // --json says whose the list is as the text does: a fixed list the portal's catalog states is the portal's.
    const fields = await runCli(['case', 'fields', NEW_TYPE, '--json'], { env });
    expect(fields.code, fields.stderr).toBe(0);
    const listed = (JSON.parse(fields.stdout) as { fields: { key: string; list: string | null }[] }).fields;
    expect(listed.find((f) => f.key === 'affectedSystems')?.list).toBe('portal');
    // And a template of that type says so in its comments (issue 26 §7: every list says whose it is).
    const template = await runCli(['case', 'template', NEW_TYPE], { env });
    expect(template.stdout.replace(/\n#\s+/g, ' ')).toContain("choices (this portal's list): Mail | Campus | Drive");
    expect(section).not.toContain('--steps-to-reproduce');
    expect(section.match(/^ {2}--/gm)).toHaveLength(9);
    // By the portal's label, and a type it labels otherwise.
    const byLabel = await runCli(['case', 'submit', NEW_LABEL, '--help'], { env });
    expect(byLabel.stdout).toContain(`Fields of ${NEW_LABEL} (${NEW_TYPE}):`);
    const relabeled = await runCli(['case', 'submit', 'ask-a-question', '--help'], { env });
    expect(relabeled.stdout).toContain(`Fields of ${RELABELED} (ask-a-question):`);
    // Without a type: every field flag of the view, the portal's own among them.
    const all = await runCli(['case', 'submit', '--help'], { env });
    expect(all.stdout.replace(/\s+/g, ' ')).toContain(`--affected-account <value> Affected Account (${NEW_TYPE})`);
    // `help case submit` is the same help.
    const viaHelp = await runCli(['help', 'case', 'submit'], { env });
    expect(viaHelp.code, viaHelp.stderr).toBe(0);
    expect(viaHelp.stdout).toBe(all.stdout);
    // Offline: the bundled catalog's.
    const bundled = await runCli(['case', 'submit', 'ask-a-question', '--help'], { env: offline.env });
    expect(bundled.stdout).toContain('Fields of Ask a Question (ask-a-question):');
    expect(bundled.stdout).not.toContain('--affected-account');
  });

  it("completion offers the portal's own field flags and their choices", async () => {
    const flags = await runCli(['__complete', 'case', 'submit', NEW_TYPE, '--affected-'], { env });
    expect(flags.stdout.split('\n')).toEqual(expect.arrayContaining(['--affected-account', '--affected-systems']));
    const values = await runCli(['__complete', 'case', 'submit', NEW_TYPE, '--affected-systems', ''], { env });
    expect(values.stdout.split('\n')).toEqual(['Mail', 'Campus', 'Drive', '']);
  });

  it('at a terminal, the form does not ask a field given by its flag; the draft keeps the values', async () => {
    const t = spawnCli(
      [
        'case',
        'submit',
        NEW_TYPE,
        '--affected-account',
        'jdoe',
        '--affected-systems',
        'Mail',
        '--affected-systems',
        'Drive',
      ],
      env,
    );
    await t.expect('? Is this case about one of them?');
    t.send(KEY.enter);
    await t.expect('? Module');
    t.send(KEY.enter);
    await t.expect('? Subject');
    t.line('Phishing sent from a teacher account');
    await t.expect('? Description');
    t.line('Mail its owner did not write.');
    await t.expect('? …');
    t.line('');
    await t.expect('? What next?');
    t.send(KEY.ctrlC);
    expect((await t.exited()).code).toBe(130);
    expect(t.screen()).not.toContain('? Affected Account');
    expect(t.screen()).not.toContain('? Affected Systems');
    const draft = /saved as draft (\S+)\./.exec(t.screen())?.[1];
    expect(draft).toBeDefined();
    const body = await dryBody(['case', 'submit', '--draft', draft!]);
    expect(body).toMatchObject({
      caseType: NEW_TYPE,
      fields: {
        affectedAccount: 'jdoe',
        affectedSystems: ['Mail', 'Drive'],
        subject: 'Phishing sent from a teacher account',
      },
    });
  });
});

describe('the contract of the new endpoints (answers checked against schemas/portal-api.yaml)', () => {
  it('GET /api/v1/catalog: the catalog with an ETag, 304 when the ETag is current; no acknowledgement among its fields', async () => {
    const r = await session.api.call('GET', '/api/v1/catalog', { token: session.token });
    expect(r.status).toBe(200);
    const etag = String(r.headers.etag);
    expect(etag).toMatch(/^".+"$/);
    const types = r.body.types as Body[];
    expect(types.flatMap((t) => (t.fields as Body[]).map((f) => f.kind))).not.toContain('acknowledgement');
    expect(
      (types.find((t) => t.id === 'application-issue')!.fields as Body[]).find((f) => f.key === 'module')!.choices,
    ).toContain('Calendar');
    const again = await session.api.call('GET', '/api/v1/catalog', {
      token: session.token,
      headers: { 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
  });

  it('GET /api/v1/me: the home district, the catalog version and what the contact may do per district', async () => {
    const zack = await session.api.call('GET', '/api/v1/me', { token: session.token });
    expect(zack.body.homeDistrictId).toBe('dst_bayside');
    expect(zack.body.districts).toEqual([
      {
        id: 'dst_bayside',
        name: 'Bayside School (TESTING)',
        permissions: { submit: true, comment: true, attach: true, close: true, reopen: true },
      },
      {
        id: 'dst_valley',
        name: 'Valley High School (TESTING)',
        permissions: { submit: true, comment: true, attach: true, close: true, reopen: true },
      },
    ]);
    const lisa = await session.api.call('GET', '/api/v1/me', {
      token: await session.api.signIn(SEEDED.lisa, session.sb.demo.password),
    });
    expect(lisa.body.districts[0].permissions).toEqual({
      submit: false,
      comment: false,
      attach: false,
      close: false,
      reopen: false,
    });
    expect(lisa.body.catalogVersion).toBe(zack.body.catalogVersion);
  });
});

describe('offline (no portal): the bundled catalog', () => {
  it('warns about a value outside a bundled list and does not block', async () => {
    const file = join(offline.dir, 'calendar.yaml');
    writeFileSync(
      file,
      [
        'caseType: application-issue',
        'type: Campus Application',
        'module: Calendar',
        'subject: Calendar days missing',
        'description: Teachers see no days.',
      ].join('\n'),
    );
    const r = await runCli(['case', 'validate', file], { env: offline.env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      `${file}: warning: module: Module "Calendar" is not in the bundled list; the portal will check`,
    );
    expect(r.stderr).toContain('a valid Application Issue case');
    const dry = await runCli([...issueFlags('Calendar'), '--dry-run'], { env: offline.env });
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout).body.fields.module).toBe('Calendar');
    expect(dry.stderr).toContain('not in the bundled list; the portal will check');
  });

  it('keeps the lists the guide fixes: Priority, Contact Type and Area of Responsibility', async () => {
    const file = join(offline.dir, 'contacts.yaml');
    writeFileSync(
      file,
      [
        'caseType: modify-support-contacts',
        'requestType: Add',
        'priority: Urgent',
        'contactFirstName: Kelly',
        'contactLastName: Kapowski',
        'contactEmail: kelly@bayside.example',
        'contactPrimaryPhone: 555-123-4567',
        'contactType: Admin',
        'areaOfResponsibility: [Payroll]',
        'subject: Add a contact',
        'description: Add Kelly.',
      ].join('\n'),
    );
    const r = await runCli(['case', 'validate', file], { env: offline.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('priority: Priority must be one of: Critical, High, Medium, Low');
    expect(r.stderr).toContain('contactType: Contact Type must be one of: Authorized, Technical, Read Only');
    expect(r.stderr).toContain('areaOfResponsibility[0]: Area of Responsibility must be one of: SIS');
  });

  it('says what catalog it uses', async () => {
    const r = await runCli(['catalog', 'status'], { env: offline.env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Catalog: bundled ${catalog.catalogVersion} (offline default).`);
    expect(r.stdout).toContain('No portal is set for this profile.');
    const fields = await runCli(['case', 'fields', 'report-an-outage'], { env: offline.env });
    expect(fields.stdout).toContain(
      "each at most 25.0 MiB (the bundled default, not the guide's; the portal may set its own), 10 attachments per submission (the bundled default, not the guide's; the portal may set its own).",
    );
    expect(fields.stdout).toContain(
      "at most 120 characters (the bundled default, not the guide's; the portal may set its own): longer is only a warning",
    );
    expect(r.stdout).toContain(
      "Limits (the guide states none): attachments each at most 25.0 MiB (the bundled default, not the guide's; the portal may set its own)",
    );
  });
});

describe('permissions before the form (GET /me)', () => {
  it('a Read Only contact without a terminal is stopped before anything is asked or sent, and told who can file', async () => {
    const { env } = await signedInEnv(session.sb, join(session.dir, 'lisa'), SEEDED.lisa);
    const r = await runCli(
      [
        'case',
        'submit',
        'ask-a-question',
        '--subject',
        'Snow day setup',
        '--description',
        'How do we set up a snow day?',
      ],
      { env },
    );
    expect(r.code).toBe(4);
    // What the portal's GET /me said, not a rule of the tool's (issue 26 §4).
    expect(r.stderr).toContain(
      'The portal does not let Lisa Turtle (TESTING) (Read Only contact at Bayside School (TESTING)) file cases; nothing was sent.',
    );
    expect(r.stderr).not.toMatch(/Only Authorized|district decides/i);
    // The activated contacts who can file: Zack (Authorized) and Screech (Technical), not Kelly
    // (Authorized, never activated) and not Lisa herself.
    expect(r.stderr).toContain(
      'Contacts of Bayside School (TESTING) who can file it: Screech Powers (TESTING) <screech.powers@bayside.example> (Technical), Zack Morris (TESTING) <zack.morris@bayside.example> (Authorized).',
    );
    expect(r.stderr).not.toContain('Kelly');
  });

  it('a Technical contact of the sandbox files a Server Issue (the vendor recommends an Authorized Technical Contact)', async () => {
    const { env } = await signedInEnv(session.sb, join(session.dir, 'screech'), SEEDED.screech);
    const r = await runCli(
      [
        'case',
        'submit',
        'server-issue',
        '--module',
        'Reports',
        '--subject',
        'Report server times out on the nightly export',
        '--description',
        'Since Monday the nightly attendance export on the report server times out after ten minutes for all schools.',
        '--json',
      ],
      { env },
    );
    expect(r.code, r.stderr).toBe(0);
    const filed = JSON.parse(r.stdout) as Body;
    const stored: Body = await session.stored(filed.number as string);
    expect(stored.caseType).toBe('server-issue');
    expect(stored.fields.contact).toBe('Screech Powers (TESTING)');
    const status = await runCli(['auth', 'status'], { env });
    expect(status.stdout).toContain('role:       Technical\n');
    const lisa = await signedInEnv(session.sb, join(session.dir, 'lisa-status'), SEEDED.lisa);
    expect((await runCli(['auth', 'status'], { env: lisa.env })).stdout).toContain(
      'role:       Read Only (cannot file cases)\n',
    );
  });

  it('a Read Only contact at a terminal is stopped before the first prompt (before the case type is asked)', async () => {
    const { env } = await signedInEnv(session.sb, join(session.dir, 'lisa-pty'), SEEDED.lisa);
    const s = spawnCli(['case', 'submit'], env);
    // At 120 columns the message wraps at a word (issue 26 §15).
    await s.expect(/file\s+cases;\s+nothing\s+was\s+sent/);
    expect(await s.exited()).toEqual({ code: 4 });
    expect(s.screen()).not.toContain('?');
    expect(s.screen()).not.toContain('Case type');
  });

  it('GET /me publishes close and reopen per district, as the sandbox enforces them', async () => {
    const zack = await session.api.call('GET', '/api/v1/me', { token: session.token });
    for (const d of zack.body.districts as Body[]) expect(d.permissions).toMatchObject({ close: true, reopen: true });
    const lisa = await session.api.call('GET', '/api/v1/me', {
      token: await session.api.signIn(SEEDED.lisa, session.sb.demo.password),
    });
    for (const d of lisa.body.districts as Body[]) expect(d.permissions).toMatchObject({ close: false, reopen: false });
  });

  it.each(['close', 'reopen'] as const)(
    "a Read Only contact's case %s is told before anything is sent, in words about that verb",
    async (verb) => {
      // A case of Lisa's district, filed (and for reopen, closed) by its Authorized Contact.
      const filed = await runCli(issueFlags('Calendar'), { env: session.env });
      expect(filed.code, filed.stderr).toBe(0);
      const number = filed.stdout.split(' ')[0]!;
      if (verb === 'reopen') expect((await runCli(['case', 'close', number], { env: session.env })).code).toBe(0);
      const before: Body = await session.stored(number);
      const { env } = await signedInEnv(session.sb, join(session.dir, `lisa-${verb}`), SEEDED.lisa);
      const r = await runCli(['case', verb, number, '--body', 'The grades post again.'], { env });
      expect(r.code).toBe(4);
      expect(r.stderr).toContain(
        `The portal does not let Lisa Turtle (TESTING) (Read Only contact at Bayside School (TESTING)) ${verb} cases; nothing was sent.`,
      );
      expect(r.stderr).toContain(`Ask an Authorized Contact of Bayside School (TESTING) to ${verb} it`);
      expect(r.stderr).not.toMatch(/file cases|submit/i);
      const after: Body = await session.stored(number);
      expect(after.status).toBe(before.status);
      expect(after.lastModifiedAt).toBe(before.lastModifiedAt);
    },
  );

  it('a refused comment is explained as a comment, not as submitting', async () => {
    const { env } = await signedInEnv(session.sb, join(session.dir, 'lisa-comment'), SEEDED.lisa);
    const r = await runCli(['case', 'comment', '1001', '--body', 'Any news?'], { env });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('does not let your contact comment');
    expect(r.stderr).not.toMatch(/submit|file cases/i);
  });

  it('a refused attachment is explained as attaching, not as submitting or commenting, and nothing is stored', async () => {
    const { env } = await signedInEnv(session.sb, join(session.dir, 'lisa-attach'), SEEDED.lisa);
    const file = join(session.dir, 'lisa-note.txt');
    writeFileSync(file, 'a note');
    const before = attachmentRows(session.sb.dataDir, '1001').length;
    const r = await runCli(['case', 'attach', '1001', file], { env });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(
      "This portal does not let your contact attach files to this case. See your district's contacts and their types with: ic-support contacts",
    );
    expect(r.stderr).not.toMatch(/submit|file cases|comment/i);
    expect(attachmentRows(session.sb.dataDir, '1001')).toHaveLength(before);
  });
});

describe('one account rule', () => {
  it('--dry-run prints the district the portal assigns to the user (Zack: Bayside, of two districts)', async () => {
    const r = await runCli([...issueFlags('Grade Book'), '--dry-run'], { env: session.env });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Body;
    expect(out.body.fields.account).toBe('Bayside School (TESTING)');
    expect(out.account).toEqual({ id: 'dst_bayside', name: 'Bayside School (TESTING)' });
  });

  it("the profile's account overrides the portal's", async () => {
    const env = { ...session.env };
    expect((await runCli(['config', 'set', 'account', 'Valley High School (TESTING)'], { env })).code).toBe(0);
    try {
      const r = await runCli([...issueFlags('Grade Book'), '--dry-run'], { env });
      expect(JSON.parse(r.stdout).body.fields.account).toBe('Valley High School (TESTING)');
    } finally {
      await runCli(['config', 'unset', 'account'], { env });
    }
  });

  it("the sandbox files a case sent without an account in the caller's own district (homeDistrictId), as the contract says; so does a batch", async () => {
    const body = {
      caseType: 'ask-a-question',
      fields: { module: 'Calendar', subject: 'No account given (API)', description: 'Which district?' },
    };
    const r = await session.api.call('POST', '/api/v1/cases', {
      token: session.token,
      headers: { 'idempotency-key': 'no-account-given-1' },
      body,
    });
    expect(r.status, r.text).toBe(201);
    expect(r.body.account).toEqual({ id: 'dst_bayside', name: 'Bayside School (TESTING)' });
    const batch = join(session.dir, 'no-account.ndjson');
    writeFileSync(
      batch,
      `${JSON.stringify({ caseType: 'ask-a-question', module: 'Calendar', subject: 'No account given (batch)', description: 'Which district?' })}\n`,
    );
    const b = await runCli(['case', 'submit', '--batch', batch, '--json'], { env: session.env });
    expect(b.code, b.stderr).toBe(0);
    const filed = JSON.parse(b.stdout.split('\n')[0]!) as Body;
    const c: Body = await session.stored(String(filed.number ?? filed.case?.number));
    expect(c.account).toEqual({ id: 'dst_bayside', name: 'Bayside School (TESTING)' });
  });

  it('case fields describes the rule', async () => {
    const r = await runCli(['case', 'fields', 'report-an-outage'], { env: offline.env });
    expect(r.stdout).toContain(
      "default: your district: The profile's account setting (ic-support config set account …) if set; otherwise the district the portal assigns to you",
    );
  });
});

/**
 * The guide's "Case Example" Case Details, transcribed by hand from the guide's screenshot (not from
 * the catalog): each label in the order the page shows it, with the value the page shows beside or
 * under it where the page shows one.
 */
const GUIDE_CASE_DETAILS: [label: string, value?: string][] = [
  // The page puts the date and, under it, "(Zack Morris (TESTING))": one value here.
  ['Created', '09/15/2021 - 01:44 PM CDT (Zack Morris (TESTING))'],
  ['Last Modified', '09/15/2021 - 01:44 PM CDT (Zack Morris (TESTING))'],
  ['Account', 'Bayside School (TESTING)'],
  ['Contact', 'Zack Morris (TESTING)'],
  ['Case Type', 'Campus Application'],
  ['Module', 'Grade Book'],
  ['Subject', 'Teachers unable to post grades'],
  ['Description'],
  ['Resolution'],
  ['Steps to Reproduce', '1. Log in as teacher Anne Shirley'],
  ['Environment Changes', 'None'],
  ['Who is impacted', 'English Lit 1100 teachers'],
  ['Issue Began', '09/07/2021'],
  ['Error Message'],
  ['Expected Results', 'Post button to be active'],
];

describe("case show: the guide's Case Details", () => {
  it("prints the guide's labels in the guide's order, with its values; status and priority apart, after it", async () => {
    const r = await runCli(['case', 'show', '1001'], { env: { ...session.env, TZ: 'America/Chicago' } });
    expect(r.code, r.stderr).toBe(0);
    const [page, apart] = r.stdout.split(/\n—+\n/);
    expect(apart).toBeDefined();
    const lines = page!.split('\n');
    let at = 0;
    for (const [label, value] of GUIDE_CASE_DETAILS) {
      const i = lines.findIndex((l, n) => n >= at && (l === label || l.startsWith(`${label} `)));
      expect(i, `${label} after line ${at}`).toBeGreaterThanOrEqual(at);
      if (value !== undefined) {
        const beside = lines[i]!.slice(label.length).replace(/^\?/, '').trim();
        expect(beside === value || lines[i + 1]!.trim() === value, `${label}: ${value}`).toBe(true);
      }
      at = i + 1;
    }
    // Nothing the guide's page does not show sits inside it.
    expect(page).not.toMatch(/^(Status|Priority|Closed)\b/m);
    expect(apart).toMatch(/^Status +\S/m);
    expect(apart).toMatch(/^Priority +Medium$/m);
    expect(apart).toMatch(/^Case +00001001 \(Application Issue\)$/m);
  });
});
