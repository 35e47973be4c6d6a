import type { LifecycleRule } from '#aws';

/**
 * Lifecycle presets a client may ask for when creating a bucket. Each is one rule over the whole
 * bucket; every preset also aborts multipart uploads left incomplete for 7 days, whose parts would
 * otherwise be billed forever without ever showing up as objects.
 */
export const LIFECYCLE_PRESETS = ['deep-archive', 'intelligent-tiering', 'glacier-ir-90'] as const;
export type LifecyclePreset = (typeof LIFECYCLE_PRESETS)[number];

const ABORT_INCOMPLETE_UPLOADS_AFTER_DAYS = 7;

const TRANSITIONS: Readonly<Record<LifecyclePreset, { readonly Days: number; readonly StorageClass: string }>> = {
  'deep-archive': { Days: 1, StorageClass: 'DEEP_ARCHIVE' },
  'intelligent-tiering': { Days: 0, StorageClass: 'INTELLIGENT_TIERING' },
  'glacier-ir-90': { Days: 90, StorageClass: 'GLACIER_IR' },
};

export const isLifecyclePreset = (value: string): value is LifecyclePreset => (LIFECYCLE_PRESETS as readonly string[]).includes(value);

export function lifecycleRules(preset: LifecyclePreset): LifecycleRule[] {
  return [
    {
      ID: `${preset}-rule`,
      Status: 'Enabled',
      Filter: { Prefix: '' },
      Transitions: [{ ...TRANSITIONS[preset] }],
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: ABORT_INCOMPLETE_UPLOADS_AFTER_DAYS },
    },
  ];
}
