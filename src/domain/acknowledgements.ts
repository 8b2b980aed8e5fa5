/**
 * The guide's acknowledgements (written permission for a restore, Schema Bootcamp for SQL Server
 * access) are rules in its prose, not fields of its table: a real portal has no field to receive
 * them. So the request carries them twice: as `acknowledgements` beside `fields` (the contract's
 * optional member, which the sandbox checks) and as a statement appended to the Description, which
 * any portal stores. The acknowledgement keys never appear among `fields`. Pure.
 */
import type { CaseTypeDef } from './catalog/types.js';
import type { ValidCase } from './validation.js';

export interface PortalCaseBody {
  caseType: string;
  fields: Record<string, string | string[] | boolean>;
  acknowledgements?: Record<string, boolean>;
}

/** The heading of the statements in the case text. */
export const ACKNOWLEDGEMENTS_HEADING = 'Confirmed by the contact (the Support Portal guide requires it):';

/** The body of the request that files the case: the acknowledgements out of `fields`, as above. */
export function requestBody(
  type: Pick<CaseTypeDef, 'fields'>,
  valid: Pick<ValidCase, 'caseType' | 'fields'>,
): PortalCaseBody {
  const acks = type.fields.filter((f) => f.kind === 'acknowledgement');
  const fields: PortalCaseBody['fields'] = {};
  for (const [k, v] of Object.entries(valid.fields)) if (!acks.some((a) => a.key === k)) fields[k] = v;
  const given = acks.filter((a) => typeof valid.fields[a.key] === 'boolean');
  if (given.length === 0) return { caseType: valid.caseType, fields };
  const statements = given.filter((a) => valid.fields[a.key] === true && a.statement).map((a) => `- ${a.statement}`);
  if (statements.length) {
    const description = typeof fields.description === 'string' ? fields.description : '';
    fields.description = `${description}${description ? '\n\n' : ''}${ACKNOWLEDGEMENTS_HEADING}\n${statements.join('\n')}`;
  }
  return {
    caseType: valid.caseType,
    fields,
    acknowledgements: Object.fromEntries(given.map((a) => [a.key, valid.fields[a.key] === true])),
  };
}
