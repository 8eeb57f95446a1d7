/** Closed vocabularies of the company file, in their own module so schemas can share them without cycles. */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const ROLES = ['rep', 'supervisor', 'manager', 'finance', 'delivery', 'admin'] as const;
export type Role = (typeof ROLES)[number];
