/**
 * After a Critical case is filed, the vendor asks the contact to follow up with a phone call. The
 * number is the portal's (GET /case-process: supportPhone), never one written into the CLI.
 */
import type { Context } from '../../cli/context.js';
import { needsPhoneFollowUp, phoneFollowUp, type PhoneFollowUp } from '../../domain/case-life.js';

export async function criticalFollowUp(ctx: Pick<Context, 'portal' | 'debug'>, c: { number: string; priority?: string | undefined }): Promise<PhoneFollowUp | undefined> {
  if (!needsPhoneFollowUp(c.priority)) return undefined;
  let phone: string | null = null;
  try {
    phone = (await (await ctx.portal()).caseProcess()).supportPhone;
  } catch (e) {
    // The case is filed; a portal without the endpoint still gets the instruction, without a number.
    ctx.debug(`support phone not known: ${(e as Error).message}`);
  }
  return phoneFollowUp(c.number, phone);
}
