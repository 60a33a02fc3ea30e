import type { Profile } from '../options.js';

/** A user of the emulated identity platform. Personal accounts live in Microsoft's consumer tenant. */
export interface Account {
  /** The object id (`oid`), also the Graph user id. */
  id: string;
  tenantId: string;
  username: string;
  displayName: string;
  /** Paid personal plans may set a password and an expiry on share links. */
  paidPersonal: boolean;
  /** AADSTS errors a user can meet, switched on per account from the admin API. */
  requireAdminConsent: boolean; // AADSTS65005
  requireMfa: boolean; // AADSTS50076
}

export const PERSONAL_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';
export const BUSINESS_TENANT = 'c6b5d5a4-1f4e-4d0a-9a57-3b1f0e0c2a11';

export function defaultAccounts(profile: Profile): Account[] {
  const base = { paidPersonal: false, requireAdminConsent: false, requireMfa: false };
  return profile === 'personal'
    ? [
        { ...base, id: '00000000-0000-0000-7dda-670c5e7f91df', tenantId: PERSONAL_TENANT, username: 'alex@outlook.com', displayName: 'Alex Doe' },
        { ...base, id: '00000000-0000-0000-4b1c-22aa90fe1c07', tenantId: PERSONAL_TENANT, username: 'sam@outlook.com', displayName: 'Sam Roe' },
      ]
    : [
        { ...base, id: '5f0a3c1e-8d2b-4e6f-9a1c-0b7d3e5f2a41', tenantId: BUSINESS_TENANT, username: 'alex@contoso.onmicrosoft.com', displayName: 'Alex Doe' },
        { ...base, id: '7c2e9b4d-1a3f-4c8e-b6d5-2f9a0e1b3c52', tenantId: BUSINESS_TENANT, username: 'sam@contoso.onmicrosoft.com', displayName: 'Sam Roe' },
      ];
}
