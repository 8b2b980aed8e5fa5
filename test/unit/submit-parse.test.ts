// case submit and case validate parse argv into plain options first (pure), before anything runs.
import { describe, expect, it } from 'vitest';
import { parseSubmitOptions } from '../../src/commands/case/submit/request.js';
import { parseValidateOptions } from '../../src/commands/case/validate/run.js';
import { UsageError } from '../../src/errors.js';

describe('parseSubmitOptions', () => {
  it('gathers field flags and --field entries by field key; --field wins; list fields accumulate', () => {
    const p = parseSubmitOptions('request-training', {
      subject: 'From a flag',
      field: [
        'subject=From --field',
        'steps-to-reproduce=@steps.txt',
        'preferredTrainingDates=2026-12-01',
        'preferred-training-dates=2026-12-02',
      ],
      attach: ['a.png'],
      dryRun: true,
    });
    expect(p).toEqual({
      one: {
        typeArg: 'request-training',
        fromFile: undefined,
        draftId: undefined,
        idempotencyKey: undefined,
        attach: ['a.png'],
        dryRun: true,
        json: undefined,
        web: false,
        given: {
          subject: 'From --field',
          stepsToReproduce: '@steps.txt',
          preferredTrainingDates: ['2026-12-01', '2026-12-02'],
        },
      },
    });
  });

  it('refuses what is not a field, and what is not key=value, naming the fix', () => {
    expect(() => parseSubmitOptions('ask-a-question', { field: ['caseType=x'] })).toThrow(
      '--field caseType: the case type is not a field.',
    );
    expect(() => parseSubmitOptions('ask-a-question', { field: ['attachments=x'] })).toThrow(
      '--field attachments: attachments are files, not a field.',
    );
    expect(() => parseSubmitOptions(undefined, { field: ['subject'] })).toThrow(UsageError);
  });

  it('takes a batch with its concurrency, and refuses a case type beside it', () => {
    expect(parseSubmitOptions(undefined, { batch: 'cases.ndjson', concurrency: '4', json: true })).toEqual({
      batch: {
        file: 'cases.ndjson',
        concurrency: 4,
        dryRun: false,
        json: { batch: 'cases.ndjson', concurrency: '4', json: true },
      },
    });
    expect(parseSubmitOptions(undefined, { batch: 'cases.ndjson' })).toEqual({
      batch: { file: 'cases.ndjson', concurrency: 8, dryRun: false, json: undefined },
    });
    expect(() => parseSubmitOptions('ask-a-question', { batch: 'cases.ndjson' })).toThrow(
      '--batch takes its cases from the batch file alone.',
    );
    for (const bad of ['0', '33', '2.5', 'many'])
      expect(() => parseSubmitOptions(undefined, { batch: 'x', concurrency: bad })).toThrow(
        `--concurrency "${bad}" is not a whole number from 1 to 32`,
      );
  });
});

describe('parseValidateOptions', () => {
  it('reads standard input when no file is named', () => {
    expect(parseValidateOptions(undefined, {})).toEqual({ file: '-', json: false });
    expect(parseValidateOptions('case.yaml', { json: true })).toEqual({ file: 'case.yaml', json: true });
  });
});
