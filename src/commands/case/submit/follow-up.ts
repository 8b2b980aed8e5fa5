/**
 * After a Critical case is filed, the vendor asks the contact to follow up with a phone call. The
 * number is the portal's (GET /case-process: supportPhone), never one written into the CLI. A case
 * about an open notification (the form's choice, in its description) is told the guide's words:
 * the call "is not necessary unless additional context is needed".
 */
import type { Context } from '../../../cli/context.js';
import { needsPhoneFollowUp, phoneFollowUp, type PhoneFollowUp } from '../../../domain/case-life.js';
import { relatedIn } from '../../../domain/submission.js';

type CaseFiled = { number: string; priority?: string | undefined };
/** What was sent: its fields say which notification the case is about. */
type Sent = { fields: Record<string, unknown> };

/** The follow-up for filed cases; the portal is asked for its number once, when a case needs it. */
export function followUpFinder(
  ctx: Pick<Context, 'portal' | 'debug' | 'io'>,
): (c: CaseFiled, sent: Sent) => Promise<PhoneFollowUp | undefined> {
  let phone: Promise<string | null> | undefined;
  const lookUp = async (): Promise<string | null> => {
    try {
      return (
        await ctx.io.wait('Asking the portal for its support phone number', async () =>
          (await ctx.portal()).caseProcess(),
        )
      ).supportPhone;
    } catch (e) {
      // The case is filed; a portal without the endpoint still gets the instruction, without a number.
      ctx.debug(`support phone not known: ${(e as Error).message}`);
      return null;
    }
  };
  return async (c, sent) =>
    needsPhoneFollowUp(c.priority)
      ? phoneFollowUp(c.number, await (phone ??= lookUp()), relatedIn(sent.fields))
      : undefined;
}

export const criticalFollowUp = (
  ctx: Pick<Context, 'portal' | 'debug' | 'io'>,
  c: CaseFiled,
  sent: Sent,
): Promise<PhoneFollowUp | undefined> => followUpFinder(ctx)(c, sent);
