/**
 * A Map that also keeps its keys in order, so listings can start at a marker by binary search
 * instead of scanning: the per-call cost of a paginated listing stays independent of account size.
 */
export class SortedMap<V> {
  private readonly map = new Map<string, V>();
  private keys: string[] = [];

  get size(): number {
    return this.map.size;
  }

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  set(key: string, value: V): void {
    if (!this.map.has(key)) {
      const at = lowerBound(this.keys, key);
      this.keys.splice(at, 0, key);
    }
    this.map.set(key, value);
  }

  /** Inserts many entries with one sort instead of one splice each (seeding). */
  setMany(entries: Iterable<readonly [string, V]>): void {
    for (const [key, value] of entries) this.map.set(key, value);
    this.keys = [...this.map.keys()].sort(compare);
  }

  /** A copy with every value passed through `copyValue`; keys stay in order without re-sorting. */
  clone(copyValue: (value: V) => V): SortedMap<V> {
    const copy = new SortedMap<V>();
    for (const key of this.keys) copy.map.set(key, copyValue(this.map.get(key)!));
    copy.keys = [...this.keys];
    return copy;
  }

  delete(key: string): boolean {
    if (!this.map.delete(key)) return false;
    this.keys.splice(lowerBound(this.keys, key), 1);
    return true;
  }

  /** Index of the first key >= `key`. */
  indexOf(key: string): number {
    return lowerBound(this.keys, key);
  }

  keyAt(index: number): string | undefined {
    return this.keys[index];
  }

  /** Entries in key order from `start` (an index). */
  *from(start = 0): IterableIterator<[string, V]> {
    for (let i = start; i < this.keys.length; i++) {
      const key = this.keys[i]!;
      yield [key, this.map.get(key)!];
    }
  }

  values(): IterableIterator<V> {
    return this.map.values();
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.from(0);
  }
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function lowerBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
