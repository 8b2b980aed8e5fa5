// The one district matcher and the one contact matcher (src/domain/account.ts): --account,
// --contact, the profile's account, the form and the sandbox all match through them.
import { describe, expect, it } from 'vitest';
import { findContact, findDistrict } from '../../src/domain/account.js';

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
