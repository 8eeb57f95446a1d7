/** Closed vocabularies of the company file, in their own module so schemas can share them without cycles. */
import { z } from 'zod';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const ROLES = ['rep', 'supervisor', 'manager', 'finance', 'delivery', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Ids of people, teams and routes in the company file, e.g. zhang-wei. */
export const idSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'use lowercase letters, digits, "-" or "_" (max 64), e.g. zhang-wei');
