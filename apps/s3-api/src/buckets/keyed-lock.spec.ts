import { describe, expect, it } from 'vitest';
import { KeyedLock } from './keyed-lock.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('KeyedLock', () => {
  it('runs the work of one key one at a time, in arrival order', async () => {
    const lock = new KeyedLock();
    const events: string[] = [];
    const job = (name: string) =>
      lock.run('a', async () => {
        events.push(`${name} start`);
        await tick();
        events.push(`${name} end`);
        return name;
      });
    expect(await Promise.all([job('1'), job('2'), job('3')])).toEqual(['1', '2', '3']);
    expect(events).toEqual(['1 start', '1 end', '2 start', '2 end', '3 start', '3 end']);
    expect(lock.size).toBe(0);
  });

  it('lets different keys run concurrently', async () => {
    const lock = new KeyedLock();
    const events: string[] = [];
    await Promise.all(
      ['a', 'b'].map((key) =>
        lock.run(key, async () => {
          events.push(`${key} start`);
          await tick();
          events.push(`${key} end`);
        }),
      ),
    );
    expect(events.slice(0, 2)).toEqual(['a start', 'b start']);
  });

  it('releases the key when the work fails', async () => {
    const lock = new KeyedLock();
    await expect(lock.run('a', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await lock.run('a', async () => 'next')).toBe('next');
    expect(lock.size).toBe(0);
  });
});
