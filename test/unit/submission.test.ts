// The decisions of case submit, as pure rules (src/domain/submission.ts).
import { describe, expect, it } from 'vitest';
import {
  caseTypeAndFields,
  chooseAccount,
  chooseCaseType,
  fieldsToAsk,
  mergeValues,
  finalKey,
  resolveParties,
  chooseKey,
} from '../../src/domain/submission.js';
import { catalog, findCaseType } from '../../src/domain/catalog/index.js';
import { mergeCatalog } from '../../src/domain/catalog/merge.js';
import { contentKey } from '../../src/domain/idempotency.js';
import { UsageError } from '../../src/errors.js';

const bayside = { id: 'dst_bayside', name: 'Bayside School (TESTING)' };
const valley = { id: 'dst_valley', name: 'Valley High School (TESTING)' };
const zack = { id: 'con_zack', name: 'Zack Morris (TESTING)', email: 'zack@bayside.example' };
const kelly = { id: 'con_kelly', name: 'Kelly Kapowski (TESTING)', email: 'kelly@bayside.example' };

describe('where values come from', () => {
  it('draft < file < flags < --field, key by key', () => {
    const v = mergeValues({
      draft: { subject: 'draft', description: 'draft', module: 'Census' },
      file: { caseType: 'ask-a-question', attachments: ['a.png'], subject: 'file', description: 'file' },
      flags: { subject: 'flag' },
      fields: { subject: 'field' },
    });
    expect(v).toEqual({ subject: 'field', description: 'file', module: 'Census' });
  });

  it('never takes the envelope (caseType, attachments) as a field value', () => {
    expect(mergeValues({ draft: { attachments: ['x'] }, file: { caseType: 'data-restore' } })).toEqual({});
  });

  it('takes the case type from the argument, the file or the draft; the argument and the file must agree', () => {
    expect(chooseCaseType({ arg: 'Data Restore', file: 'data-restore' }, catalog)?.id).toBe('data-restore');
    expect(chooseCaseType({ file: 'server-issue', draft: 'data-restore' }, catalog)?.id).toBe('server-issue');
    expect(chooseCaseType({ draft: 'data-restore' }, catalog)?.id).toBe('data-restore');
    expect(chooseCaseType({}, catalog)).toBeUndefined();
    expect(() => chooseCaseType({ arg: 'server-issue', file: 'data-restore', fileName: 'x.yaml' }, catalog)).toThrow(
      UsageError,
    );
    expect(() => chooseCaseType({ arg: 'server-issue', file: 'data-restore', fileName: 'x.yaml' }, catalog)).toThrow(
      'differs from caseType data-restore in x.yaml',
    );
  });

  it("finds the type in the view given: a portal's own type and its own label; the bundled catalog lacks both", () => {
    const ask = catalog.types.find((t) => t.id === 'ask-a-question')!;
    const portal = mergeCatalog(catalog, {
      catalog: {
        catalogVersion: 'p.1',
        types: [
          ...catalog.types.map((t) => (t === ask ? { ...t, label: 'General Question' } : t)),
          { ...ask, id: 'report-a-security-concern', label: 'Report a Security Concern' },
        ],
      },
      source: { kind: 'portal', portalUrl: 'https://portal.example', version: 'p.1' },
    });
    expect(chooseCaseType({ arg: 'report-a-security-concern' }, portal)?.label).toBe('Report a Security Concern');
    expect(chooseCaseType({ file: 'Report a Security Concern' }, portal)?.id).toBe('report-a-security-concern');
    expect(chooseCaseType({ draft: 'general question' }, portal)?.id).toBe('ask-a-question');
    expect(() => chooseCaseType({ arg: 'report-a-security-concern' }, catalog)).toThrow(
      'Unknown case type "report-a-security-concern"',
    );
  });
});

describe('the idempotency key', () => {
  const newKey = () => 'new-key';
  it("is the user's, else the draft's, else a new one", () => {
    expect(chooseKey({ given: 'mine', draft: 'drafted', fromFile: false, newKey })).toBe('mine');
    expect(chooseKey({ draft: 'drafted', fromFile: true, newKey })).toBe('drafted');
    expect(chooseKey({ fromFile: false, newKey })).toBe('new-key');
  });

  it('of a case file comes from its content, so that the same file never files twice', () => {
    const body = { caseType: 'ask-a-question', fields: { subject: 's' } };
    const key = chooseKey({ fromFile: true, newKey });
    expect(key).toBeUndefined();
    expect(finalKey(key, body)).toBe(contentKey(body));
    expect(finalKey(key, { ...body })).toBe(finalKey(undefined, body));
    expect(finalKey('mine', body)).toBe('mine');
  });
});

describe('the account', () => {
  it("is the one given, else the profile's, else the district the portal names as the user's own, else the only one", () => {
    expect(chooseAccount({ given: 'Valley', profile: 'Bayside', districts: [bayside, valley], own: bayside })).toEqual({
      account: 'Valley',
      source: 'given',
    });
    expect(chooseAccount({ profile: 'Bayside', districts: [bayside, valley], own: valley })).toEqual({
      account: 'Bayside',
      source: 'profile',
    });
    expect(chooseAccount({ districts: [bayside, valley], own: valley })).toEqual({
      account: valley.name,
      source: 'own',
    });
    expect(chooseAccount({ districts: [bayside] })).toEqual({ account: bayside.name, source: 'only' });
  });

  it('is never the first of several districts silently', () => {
    expect(chooseAccount({ districts: [bayside, valley] })).toEqual({
      account: undefined,
      source: 'choose',
      districts: [bayside, valley],
    });
    expect(chooseAccount({ given: '  ', districts: [bayside, valley] }).source).toBe('choose');
  });

  it('is left to the portal when the portal was not asked', () => {
    expect(chooseAccount({})).toEqual({ account: undefined, source: 'portal' });
  });
});

describe('account and contact as the portal resolves them', () => {
  it('the user, in the only district', () => {
    expect(resolveParties({}, { me: zack, districts: [bayside] })).toEqual({
      account: bayside,
      contact: zack,
      problems: [],
    });
  });

  it('another contact of the district, by email, id or name', () => {
    for (const given of [kelly.email, kelly.id, 'kelly kapowski (testing)']) {
      expect(
        resolveParties(
          { contact: given, account: 'dst_bayside' },
          { me: zack, districts: [bayside, valley], contacts: [zack, kelly] },
        ).contact,
      ).toEqual(kelly);
    }
  });

  it('names what cannot be resolved', () => {
    expect(resolveParties({}, { me: zack, districts: [bayside, valley] }).problems).toEqual([
      {
        field: 'account',
        message:
          'you are a contact of several districts; choose the account (--account): Bayside School (TESTING), Valley High School (TESTING)',
      },
    ]);
    expect(
      resolveParties({ account: 'Springfield' }, { me: zack, districts: [bayside] }).problems[0]?.message,
    ).toContain('"Springfield" is not one of your districts');
    expect(
      resolveParties({ contact: 'nobody@x.example' }, { me: zack, districts: [bayside], contacts: [zack] }).problems[0],
    ).toEqual({ field: 'contact', message: '"nobody@x.example" is not a contact of Bayside School (TESTING)' });
  });
});

describe('the form', () => {
  const type = findCaseType('data-restore', catalog);
  it('asks every field of a fresh case, only the missing required ones otherwise', () => {
    expect(fieldsToAsk(type, {}, true).map((f) => f.key)).toEqual(type.fields.map((f) => f.key));
    expect(fieldsToAsk(type, { subject: 's', module: 'Census' }, false).map((f) => f.key)).toEqual([
      'approximateDateOfLoss',
      'reasonForRestore',
      'writtenPermission',
      'description',
    ]);
  });
});

describe('the body sent', () => {
  const valid = {
    caseType: 'application-issue',
    fields: { subject: 's', description: 'Parents see an error.\n\nSince Monday.' },
  };
  const related = { id: 'ntf_1', title: 'Campus Parent app errors' };
  it('carries the related notification as the last paragraph of the description, whatever was typed', () => {
    expect(caseTypeAndFields(valid, related).fields.description).toBe(
      'Parents see an error.\n\nSince Monday.\n\nRelated notification: Campus Parent app errors (ntf_1)',
    );
    expect(caseTypeAndFields({ ...valid, fields: { subject: 's' } }, related).fields.description).toBe(
      'Related notification: Campus Parent app errors (ntf_1)',
    );
    // Once: a resumed draft whose description already names it does not repeat it.
    expect(caseTypeAndFields(caseTypeAndFields(valid, related), related)).toEqual(caseTypeAndFields(valid, related));
    expect(caseTypeAndFields(valid)).toEqual(valid);
  });
});
