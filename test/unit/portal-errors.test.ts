// A 403's hint matches the request it refused (issue 13 §2): a comment refused is not explained by
// submitting, a close not by reopening. Each kind of refusal, on its own, so that each can fail.
import { describe, expect, it } from 'vitest';
import { ExitCode, PermissionError } from '../../src/errors.js';
import { forbiddenHint, mapApiError } from '../../src/portal/errors.js';

// What the portal refused, and where to see who else can: no rule of the district's made up.
const ASK = "See your district's contacts and their types with: ic-support contacts";

/** The request, the hint it must get, and the words of the other refusals it must not use. */
const KINDS: [what: string, method: string, path: string, hint: string][] = [
  ['submit', 'POST', '/api/v1/cases', `This portal does not let your contact file cases. ${ASK}`],
  [
    'comment',
    'POST',
    '/api/v1/cases/00001042/comments',
    `This portal does not let your contact comment on this case. ${ASK}`,
  ],
  [
    'attach',
    'POST',
    '/api/v1/cases/00001042/attachments',
    `This portal does not let your contact attach files to this case. ${ASK}`,
  ],
  ['close', 'POST', '/api/v1/cases/00001042/close', `This portal does not let your contact close this case. ${ASK}`],
  ['reopen', 'POST', '/api/v1/cases/00001042/reopen', `This portal does not let your contact reopen this case. ${ASK}`],
  [
    'district contacts',
    'GET',
    '/api/v1/districts/dst_valley/contacts',
    'You are not a contact of that district; see your districts with: ic-support accounts',
  ],
  [
    'anything else',
    'GET',
    '/api/v1/cases/00001042',
    'The portal refused this request for your account; its words are above.',
  ],
];

/** Words that belong to one refusal only. */
const OWN_WORDS: Record<string, RegExp> = {
  submit: /file cases|submit/i,
  comment: /comment/i,
  attach: /attach/i,
  close: /\bclose\b/i,
  reopen: /reopen/i,
};

describe('forbiddenHint: the hint names what was refused', () => {
  it.each(KINDS)('%s', (what, method, path, hint) => {
    expect(forbiddenHint({ method, path })).toBe(hint);
    for (const [other, words] of Object.entries(OWN_WORDS))
      if (other !== what) expect(forbiddenHint({ method, path }), `${what} hint mentions ${other}`).not.toMatch(words);
  });

  it.each(KINDS)('%s: the same under a path prefix and with a query', (_what, method, path, hint) => {
    expect(forbiddenHint({ method, path: `/support${path}?x=1` })).toBe(hint);
  });

  it("a GET of a case's comments or attachments is not taken for adding one", () => {
    expect(forbiddenHint({ method: 'GET', path: '/api/v1/cases/00001042/comments' })).toBe(
      'The portal refused this request for your account; its words are above.',
    );
    expect(forbiddenHint({ method: 'GET', path: '/api/v1/cases/00001042/attachments' })).toBe(
      'The portal refused this request for your account; its words are above.',
    );
  });

  it.each(KINDS)('a 403 for %s is a permission error (exit 4) carrying that hint', (_what, method, path, hint) => {
    const e = mapApiError(
      403,
      { code: 'forbidden', title: 'Not allowed', status: 403, detail: 'Read Only contacts may not do this.' },
      { method, path, origin: 'https://portal.example' },
    );
    expect(e).toBeInstanceOf(PermissionError);
    expect(e.exitCode).toBe(ExitCode.permission);
    expect(e.message).toBe('Not allowed: Read Only contacts may not do this.');
    expect(e.hint).toBe(hint);
  });
});

describe('tlsHint: what to do about a certificate this machine does not trust', () => {
  it("names the CA file always, and the operating system's store only on a Node that can read it", async () => {
    const { tlsHint } = await import('../../src/portal/errors.js');
    const caFile =
      "If your district's network inspects TLS, give its CA certificate (PEM): --ca-file FILE, or `ic-support config set caFile FILE`, or the environment variable NODE_EXTRA_CA_CERTS=FILE.";
    expect(tlsHint(new Set(['--max-old-space-size']))).toBe(caFile);
    expect(tlsHint(new Set(['--use-system-ca']))).toBe(
      `${caFile} Or let Node use the operating system's certificate store, where your district's CA may already be: NODE_USE_SYSTEM_CA=1 (or NODE_OPTIONS=--use-system-ca).`,
    );
    // This Node, as it is: Node 20 has no --use-system-ca; 22.15 and later do.
    expect(tlsHint().includes('NODE_USE_SYSTEM_CA')).toBe(process.allowedNodeEnvironmentFlags.has('--use-system-ca'));
  });
});
