import { describe, expect, it } from 'vitest';
import { isLifecyclePreset, LIFECYCLE_PRESETS, lifecycleRules } from './lifecycle-presets.js';

describe('lifecycle presets', () => {
  it('deep-archive moves everything to DEEP_ARCHIVE after a day and aborts stale multipart uploads (upstream §13)', () => {
    expect(lifecycleRules('deep-archive')).toEqual([
      {
        ID: 'deep-archive-rule',
        Status: 'Enabled',
        Filter: { Prefix: '' },
        Transitions: [{ Days: 1, StorageClass: 'DEEP_ARCHIVE' }],
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
      },
    ]);
  });

  it('intelligent-tiering moves everything to INTELLIGENT_TIERING at once', () => {
    const [rule] = lifecycleRules('intelligent-tiering');
    expect(rule!.Transitions).toEqual([{ Days: 0, StorageClass: 'INTELLIGENT_TIERING' }]);
    expect(rule!.Filter).toEqual({ Prefix: '' });
  });

  it('glacier-ir-90 moves objects to GLACIER_IR after 90 days', () => {
    expect(lifecycleRules('glacier-ir-90')[0]!.Transitions).toEqual([{ Days: 90, StorageClass: 'GLACIER_IR' }]);
  });

  it('every preset is one enabled rule over the whole bucket, with a unique ID', () => {
    const rules = LIFECYCLE_PRESETS.flatMap((preset) => lifecycleRules(preset));
    expect(rules).toHaveLength(LIFECYCLE_PRESETS.length);
    expect(new Set(rules.map((r) => r.ID)).size).toBe(rules.length);
    for (const rule of rules) expect(rule.Status).toBe('Enabled');
  });

  it('recognises only the known names', () => {
    expect(isLifecyclePreset('deep-archive')).toBe(true);
    expect(isLifecyclePreset('Deep-Archive')).toBe(false);
    expect(isLifecyclePreset('glacier')).toBe(false);
  });
});
