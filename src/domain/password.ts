/**
 * The password length the guide never states: the portal's, when its catalog gives it (checked
 * before anything is sent), else the bundled default, only shown (the portal checks).
 */
import type { Catalog } from './catalog/types.js';
import { enforcedLimit, limitOf } from './catalog/merge.js';
import { limitWhose } from './catalog/describe.js';
import { ValidationError } from '../errors.js';

export interface PasswordRule {
  /** Checked locally: the portal's stated minimum, else 0. */
  min: number;
  /** For prompts and messages: "at least 12 characters (this portal's limit)". */
  words: string;
}

/** The rule of a catalog in use (the portal's as cached, or the bundled one). */
export function passwordRule(catalog: Pick<Catalog, 'limits' | 'limitsFrom'>): PasswordRule {
  const pw = limitOf(catalog, 'passwordMinLength');
  if (!pw) return { min: 0, words: 'the portal checks its length' };
  return {
    min: enforcedLimit(catalog, 'passwordMinLength') ?? 0,
    words: `at least ${pw.value} characters (${limitWhose(pw.from)})`,
  };
}

/** The rule for a prompt: true, or what to type instead. */
export const validatePassword =
  (rule: PasswordRule) =>
  (v: string): true | string =>
    v.length >= rule.min ? true : `At least ${rule.min} characters (this portal's limit)`;

/** A new password read from standard input, refused when it breaks the portal's stated rule. */
export function checkNewPassword(pw: string, rule: PasswordRule): string {
  if (pw.length < rule.min)
    throw new ValidationError(
      [{ field: 'password', message: `must be ${rule.words} (it has ${pw.length})` }],
      'standard input',
    );
  return pw;
}
