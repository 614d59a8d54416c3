// IPv4 address sets as sorted, merged [start, end] intervals: enough to say whether the addresses a path
// delivers cover the range an assertion names. Pure.

export type Interval = readonly [number, number]

/** An IPv4 address or CIDR block as an interval; undefined when it is neither. */
export function parseCidr(text: string): Interval | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(text.trim())
  if (!m) return undefined
  const octets = m.slice(1, 5).map(Number)
  if (octets.some(o => o > 255)) return undefined
  const prefix = m[5] === undefined ? 32 : Number(m[5])
  if (prefix > 32) return undefined
  const value = octets.reduce((acc, o) => acc * 256 + o, 0)
  const size = 2 ** (32 - prefix)
  const start = value - (value % size)
  return [start, start + size - 1]
}

/** Sorted, merged intervals of every parseable block. */
export function toSet(blocks: string[]): Interval[] {
  const intervals = blocks
    .map(parseCidr)
    .filter((i): i is Interval => i !== undefined)
    .sort((a, b) => a[0] - b[0])
  const merged: Array<[number, number]> = []
  for (const [start, end] of intervals) {
    const last = merged[merged.length - 1]
    if (last && start <= last[1] + 1) last[1] = Math.max(last[1], end)
    else merged.push([start, end])
  }
  return merged
}

/** Whether every address of `inner` is in `outer`. */
export function covers(outer: Interval[], inner: Interval[]): boolean {
  return inner.every(([start, end]) => outer.some(([s, e]) => s <= start && end <= e))
}

/** The intersection of two sets. */
export function intersect(a: Interval[], b: Interval[]): Interval[] {
  const out: Interval[] = []
  for (const [s1, e1] of a)
    for (const [s2, e2] of b) {
      const start = Math.max(s1, s2)
      const end = Math.min(e1, e2)
      if (start <= end) out.push([start, end])
    }
  return out.sort((x, y) => x[0] - y[0])
}

const dotted = (n: number): string => [24, 16, 8, 0].map(shift => Math.floor(n / 2 ** shift) % 256).join('.')

/** A set written as the fewest CIDR blocks. */
export function toCidrs(set: Interval[]): string[] {
  const out: string[] = []
  for (const [start, end] of set) {
    let at = start
    while (at <= end) {
      let size = 1
      // Largest aligned block starting at `at` that stays within the interval.
      while (at % (size * 2) === 0 && at + size * 2 - 1 <= end && size < 2 ** 32) size *= 2
      out.push(`${dotted(at)}/${32 - Math.log2(size)}`)
      at += size
    }
  }
  return out
}
