/**
 * Who the user is to the portal, as GET /api/v1/me says: which district is their own (the guide:
 * Account "defaults to the district assigned to the user; Authorized Contacts at multiple districts
 * may use the dropdown") and what they may do there. One rule for the form, the flags, --dry-run
 * and the sandbox; no path picks the first district of a list. Pure.
 */
import type { Me, MeDistrict, Permissions } from '../portal/schemas.js';

/** How `case fields` and help describe the rule. */
export const ACCOUNT_RULE =
  "The profile's account setting (ic-support config set account …) if set; otherwise the district the portal assigns to you; with several districts and neither, give --account.";

/**
 * A district named by its id or name, in any case, with spaces around it ignored: the one matcher
 * of --account, the profile's account, the form's answer and the sandbox's `account` field (so a
 * name the CLI accepts is one the portal accepts). Exact: "Bayside" does not match "Bayside School".
 */
export function findDistrict<D extends { id: string; name: string }>(
  districts: readonly D[],
  nameOrId: string,
): D | undefined {
  const k = nameOrId.trim().toLowerCase();
  return districts.find((d) => d.id.toLowerCase() === k || d.name.toLowerCase() === k);
}

/**
 * The districts a user's words may mean, as --account reads them: the one named exactly (id or
 * name, any case) when there is one; otherwise every district whose name starts with, then
 * contains, the words ("Valley" -> "Valley High School (TESTING)"). A caller takes a single
 * match and asks for more of the name when there are several. The CLI sends the matched
 * district's full name, so the portal only ever sees a name findDistrict matches exactly.
 */
export function matchDistricts<D extends { id: string; name: string }>(districts: readonly D[], given: string): D[] {
  const exact = findDistrict(districts, given);
  if (exact) return [exact];
  const k = given.trim().toLowerCase();
  if (k === '') return [];
  const starts = districts.filter((d) => d.name.toLowerCase().startsWith(k));
  return starts.length ? starts : districts.filter((d) => d.name.toLowerCase().includes(k));
}

/**
 * A contact named by id, email or name, in any case, spaces around it ignored: the one matcher of
 * --contact, the form's answer and the sandbox's `contact` field.
 */
export function findContact<P extends { id: string; name: string; email: string }>(
  contacts: readonly P[],
  given: string,
): P | undefined {
  const k = given.trim().toLowerCase();
  return contacts.find((c) => c.id.toLowerCase() === k || c.email.toLowerCase() === k || c.name.toLowerCase() === k);
}

/**
 * The district the portal assigns to the user (GET /me homeDistrictId): the default Account after
 * the profile's `account` setting. Undefined when the portal does not say, or names a district the
 * user is not a contact of; a caller then asks, or reports that the account must be chosen.
 */
export function ownDistrict(me: Pick<Me, 'districts' | 'homeDistrictId'>): MeDistrict | undefined {
  return me.homeDistrictId ? me.districts.find((d) => d.id === me.homeDistrictId) : undefined;
}

/**
 * What the contact may do in a district. The portal's word when GET /me gives it; otherwise the
 * guide's contact types (Authorized, Technical, Read Only): a Read Only contact may not file,
 * comment or attach, the others may, and the portal refuses what it does not allow.
 */
export function permissionsIn(
  me: Pick<Me, 'contact'>,
  district: Pick<MeDistrict, 'permissions'> | undefined,
): Permissions {
  if (district?.permissions) return district.permissions;
  const may = mayWriteAs(me.contact.role);
  return { submit: may, comment: may, attach: may };
}

/** The fallback by contact type alone, when the portal does not state permissions: only Read Only only reads. */
export function mayWriteAs(role: string): boolean {
  return role !== 'Read Only';
}

/** Districts where the contact may file cases. */
export function submitDistricts(me: Pick<Me, 'contact' | 'districts'>): MeDistrict[] {
  return me.districts.filter((d) => permissionsIn(me, d).submit);
}

/**
 * Whether the contact may close or reopen a case of this district: false only when the portal's
 * GET /me says so (the guide is silent; without its word the portal decides when asked).
 */
export function mayChangeCase(
  district: Pick<MeDistrict, 'permissions'> | undefined,
  verb: 'close' | 'reopen',
): boolean {
  return district?.permissions?.[verb] !== false;
}

/** The message for a contact the portal does not let close (or reopen) a case: said before sending. */
export function caseChangeRefusal(
  me: Pick<Me, 'contact'>,
  district: Pick<MeDistrict, 'name'> | undefined,
  verb: 'close' | 'reopen',
): { message: string; hint: string } {
  const where = district ? ` at ${district.name}` : '';
  return {
    message: `The portal does not let ${me.contact.name} (${me.contact.role} contact${where}) ${verb} cases; nothing was sent.`,
    hint: `Ask an Authorized Contact of ${district?.name ?? 'your district'} to ${verb} it (ic-support contacts lists them).`,
  };
}

/**
 * The message for a contact who may not file cases: said before any question, in the words of what
 * was decided (the portal's GET /me, or the guide's Read Only type when the portal does not say).
 * `canFile` are the district's activated contacts who can (empty when the list could not be read).
 */
export function submitRefusal(
  me: Pick<Me, 'contact'>,
  district: Pick<MeDistrict, 'name' | 'permissions'> | undefined,
  canFile: readonly { name: string; email: string; role: string }[],
): { message: string; hint: string } {
  const where = district ? ` at ${district.name}` : '';
  const who = `${me.contact.name} (${me.contact.role} contact${where})`;
  const message = district?.permissions
    ? `The portal does not let ${who} file cases; nothing was sent.`
    : `${who} cannot file cases: a ${me.contact.role} contact only reads them; nothing was sent.`;
  const of = district?.name ?? 'your district';
  const hint = canFile.length
    ? `Contacts of ${of} who can file it: ${canFile.map((c) => `${c.name} <${c.email}> (${c.role})`).join(', ')}.`
    : `Ask a contact of ${of} who can file cases to file it; see them with: ic-support contacts`;
  return { message, hint };
}

/**
 * The district's contacts a refused filer can ask: activated (the portal says so, or does not say
 * otherwise) and of a type that files. Their own portal permissions are not known to the caller.
 */
export function contactsWhoFile<C extends { role: string; activated?: boolean | undefined }>(
  contacts: readonly C[],
): C[] {
  return contacts.filter((c) => c.activated !== false && mayWriteAs(c.role));
}
