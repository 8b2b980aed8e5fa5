// The one district matcher and the one contact matcher (src/domain/account.ts): --account,
// --contact, the profile's account, the form and the sandbox all match through them.
import { describe, expect, it } from 'vitest';
import { contactsWhoFile, findContact, findDistrict, permissionsIn, submitRefusal } from '../../src/domain/account.js';

const bayside = { id: 'dst_bayside', name: 'Bayside School (TESTING)' };
const valley = { id: 'dst_valley', name: 'Valley High School (TESTING)' };
const districts = [bayside, valley];
const zack = { id: 'con_zack', name: 'Zack Morris (TESTING)', email: 'zack@bayside.example' };
const kelly = { id: 'con_kelly', name: 'Kelly Kapowski (TESTING)', email: 'Kelly@Bayside.example' };
const contacts = [zack, kelly];

describe('findDistrict', () => {
  it('matches a district by its id or its name, in any case, spaces around ignored', () => {
    expect(findDistrict(districts, 'dst_valley')).toBe(valley);
    expect(findDistrict(districts, 'DST_VALLEY')).toBe(valley);
    expect(findDistrict(districts, 'Valley High School (TESTING)')).toBe(valley);
    expect(findDistrict(districts, '  valley high school (testing) ')).toBe(valley);
    expect(findDistrict(districts, 'bayside school (testing)')).toBe(bayside);
  });

  it('matches whole names only: a prefix, a part or another district is no match', () => {
    for (const given of ['Valley', 'dst_', 'School (TESTING)', 'Springfield', '']) {
      expect(findDistrict(districts, given), given).toBeUndefined();
    }
    expect(findDistrict([], 'dst_bayside')).toBeUndefined();
  });

  it("returns the caller's own record (a sandbox row, GET /me's district with its permissions)", () => {
    const row = { id: 'dst_bayside', name: 'Bayside School (TESTING)', permissions: { submit: true } };
    expect(findDistrict([row], 'Dst_Bayside')).toBe(row);
  });
});

describe('findContact', () => {
  it('matches a contact by id, email or name, in any case, spaces around ignored', () => {
    expect(findContact(contacts, 'con_kelly')).toBe(kelly);
    expect(findContact(contacts, 'kelly@bayside.example')).toBe(kelly);
    expect(findContact(contacts, ' KELLY KAPOWSKI (TESTING) ')).toBe(kelly);
    expect(findContact(contacts, 'Zack Morris (TESTING)')).toBe(zack);
  });

  it('matches whole values only', () => {
    for (const given of ['Kelly', 'kelly@', 'bayside.example', 'con_', 'Slater', '']) {
      expect(findContact(contacts, given), given).toBeUndefined();
    }
  });
});

// Issue 26 §4: the guide's contact types are Authorized, Technical and Read Only, and the vendor
// recommends an "Authorized Technical Contact"; the portal's GET /me decides when it states permissions.
describe('permissions: the portal decides; without its word only Read Only only reads', () => {
  const as = (role: string) => ({ contact: { id: 'c', name: 'N', email: 'n@x', role } });
  it('without permissions from the portal: Authorized and Technical file, comment and attach; Read Only none', () => {
    for (const role of ['Authorized', 'Technical'])
      expect(permissionsIn(as(role), { permissions: undefined }), role).toEqual({
        submit: true,
        comment: true,
        attach: true,
      });
    expect(permissionsIn(as('Read Only'), undefined)).toEqual({ submit: false, comment: false, attach: false });
  });

  it("the portal's permissions win over the contact type, either way", () => {
    const refused = { submit: false, comment: true, attach: true };
    expect(permissionsIn(as('Authorized'), { permissions: refused })).toBe(refused);
    const allowed = { submit: true, comment: true, attach: true };
    expect(permissionsIn(as('Read Only'), { permissions: allowed })).toBe(allowed);
  });

  it("the refusal says what decided (the portal, or the Read Only type), never a rule of the district's", () => {
    const lisa = { contact: { id: 'l', name: 'Lisa', email: 'l@x', role: 'Read Only' } };
    const portal = submitRefusal(
      lisa,
      { name: 'Bayside', permissions: { submit: false, comment: false, attach: false } },
      [],
    );
    expect(portal.message).toBe(
      'The portal does not let Lisa (Read Only contact at Bayside) file cases; nothing was sent.',
    );
    const guide = submitRefusal(lisa, { name: 'Bayside' }, []);
    expect(guide.message).toBe(
      'Lisa (Read Only contact at Bayside) cannot file cases: a Read Only contact only reads them; nothing was sent.',
    );
    for (const r of [portal, guide]) expect(`${r.message} ${r.hint}`).not.toMatch(/Only Authorized|district decides/i);
  });

  it('the contacts a refused filer can ask: activated, and not Read Only', () => {
    const list = [
      { name: 'Zack', role: 'Authorized', activated: true },
      { name: 'Screech', role: 'Technical' },
      { name: 'Kelly', role: 'Authorized', activated: false },
      { name: 'Lisa', role: 'Read Only', activated: true },
    ];
    expect(contactsWhoFile(list).map((c) => c.name)).toEqual(['Zack', 'Screech']);
  });
});
