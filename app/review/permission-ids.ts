// The ids of the permissions and the feature a Webitel Meta gateway needs, in demo order, and the access levels.
import { z } from 'zod';

/** The permissions and the feature a Webitel Meta gateway needs, in the order a demo shows them. */
export const PERMISSION_IDS = ['pages_show_list', 'pages_manage_metadata', 'pages_messaging', 'business_asset_user_profile_access'] as const;

export const PermissionIdSchema = z.enum(PERMISSION_IDS);
export type PermissionId = z.infer<typeof PermissionIdSchema>;

export const AccessLevelSchema = z.enum(['standard', 'advanced']);
export type AccessLevel = z.infer<typeof AccessLevelSchema>;
