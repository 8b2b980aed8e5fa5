/**
 * What an email address is, in one place: a case's email fields (src/domain/validation.ts) and the
 * --email of signing in, activating and resetting a password (src/commands/auth/) check the same.
 */
import { UsageError } from '../errors.js';

export const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** The address given to a flag, trimmed; a usage error naming the flag when it is not one. */
export function checkEmail(email: string, flag = '--email'): string {
  const e = email.trim();
  if (!EMAIL.test(e))
    throw new UsageError(
      `${flag} "${email}" is not an email address`,
      'Give the email address of your contact record, such as you@district.org.',
    );
  return e;
}

/** The same rule for a prompt: true, or what to type instead. */
export const validateEmail = (v: string): true | string =>
  EMAIL.test(v.trim()) ? true : 'Enter an email address, such as you@district.org';
