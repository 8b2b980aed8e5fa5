/**
 * Before `case close` or `case reopen` sends anything (or opens an editor): may this contact do it
 * in the case's district, as GET /me says? A contact the portal does not let is told at once, as
 * `case submit` tells a Read Only contact. When /me cannot be read, or does not say, the portal
 * decides when asked (and its 403 is explained as a refused close or reopen).
 */
import type { Context } from '../../../cli/context.js';
import { caseChangeRefusal, mayChangeCase, ownDistrict } from '../../../domain/account.js';
import { PermissionError } from '../../../errors.js';
import type { Me } from '../../../portal/schemas.js';

export async function checkCaseChange(
  ctx: Pick<Context, 'portal' | 'debug' | 'io'>,
  number: string,
  verb: 'close' | 'reopen',
): Promise<void> {
  const client = await ctx.portal();
  let me: Me;
  try {
    me = await ctx.io.wait('Checking what you may do', client.me());
  } catch (e) {
    ctx.debug(`what you may do could not be checked before sending: ${(e as Error).message}`);
    return;
  }
  const refusing = me.districts.filter((d) => !mayChangeCase(d, verb));
  if (!refusing.length) return;
  let district =
    refusing.length === me.districts.length
      ? (ownDistrict(me) ?? (me.districts.length === 1 ? me.districts[0] : undefined))
      : undefined;
  if (refusing.length < me.districts.length) {
    // Allowed in some districts only: it depends on whose case it is.
    try {
      const c = await ctx.io.wait(`Fetching case ${number}`, client.getCase(number));
      district = refusing.find((d) => d.id === c.account.id);
    } catch (e) {
      ctx.debug(`case ${number} could not be read before sending: ${(e as Error).message}`);
      return;
    }
    if (!district) return;
  }
  const r = caseChangeRefusal(me, district, verb);
  throw new PermissionError(r.message, r.hint);
}
