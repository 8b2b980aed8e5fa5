/**
 * Wide characters at a narrow terminal (issue 15 item 8): CJK and emoji take two columns each.
 * A case whose subject and description hold them, in a 60-column pseudo-terminal: no line of
 * `case list` or `case show` is wider than 60 display columns (measured with string-width, as
 * the renderer does), the subject is cut with an ellipsis, and text wraps between words.
 */
import stringWidth from 'string-width';
import { beforeAll, describe, expect, it } from 'vitest';
import { fileServerIssue } from '../helpers/filed-case.js';
import { spawnCli } from '../helpers/pty.js';
import { useSandboxSession } from '../helpers/sandbox.js';

const s = useSandboxSession();
const SUBJECT = '成绩册无法保存 📚 成绩 grades lost for 老师 after the 夜间 update 🎓';
const DESCRIPTION_WORDS = [
  '教师们',
  '无法',
  '保存',
  '成绩',
  '📚📚',
  'since',
  'Monday;',
  'the',
  '夜间导出',
  'fails',
  'for',
  '全部',
  '学校',
  'at',
  'the',
  'district',
  'office',
  '🎓',
  'and',
  '报告',
  'stay',
  'empty.',
];
let number = '';

beforeAll(async () => {
  number = await fileServerIssue(s.env, SUBJECT);
  const r = await s.api.call('POST', `/api/v1/cases/${number}/comments`, {
    token: s.token,
    body: { body: DESCRIPTION_WORDS.join(' ') },
  });
  expect(r.status, r.text).toBe(201);
});

function fits(screen: string, cols: number): string[] {
  const lines = screen.split(/\r?\n/);
  for (const l of lines) expect(stringWidth(l), `wider than ${cols}: ${l}`).toBeLessThanOrEqual(cols);
  return lines;
}

describe('CJK and emoji at 60 columns', () => {
  it('case list: every line fits, the subject is cut with an ellipsis', async () => {
    // One district's cases: the date column stays (with two, the Account column takes its place).
    const p = spawnCli(
      ['case', 'list', '--status', 'all', '--account', 'Bayside School (TESTING)'],
      { ...s.env, TZ: 'America/Chicago' },
      { cols: 60 },
    );
    expect((await p.exited()).code).toBe(0);
    const lines = fits(p.screen(), 60);
    const row = lines.find((l) => l.startsWith(number));
    expect(row, p.screen()).toBeDefined();
    // The subject is cut (whole characters, then an ellipsis); the date after it is whole.
    expect(row).toMatch(/ {2}成绩册无法保存 📚 .*… +\d\d\/\d\d\/\d{4}$/);
    expect(row).not.toContain('🎓');
  });

  it('case show: every line fits and no word is split', async () => {
    const p = spawnCli(['case', 'show', number], { ...s.env, TZ: 'America/Chicago' }, { cols: 60 });
    expect((await p.exited()).code).toBe(0);
    const screen = p.screen();
    fits(screen, 60);
    // The whole subject is shown (wrapped, not cut), and every word of the comment is whole on a line.
    const words = new Set(screen.split(/\s+/));
    for (const w of [...DESCRIPTION_WORDS, ...SUBJECT.split(' ')])
      expect(words.has(w), `"${w}" split or missing:\n${screen}`).toBe(true);
  });
});
