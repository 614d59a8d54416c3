// "Did you mean …?": the closest of the allowed names to what was written, when it is close enough to be a
// typo of it.

/** `strict`: a tighter limit, for short fixed words (enum values) where a loose match would mislead. */
export function closest(word: string, options: string[], strict = false): string | undefined {
  let best: string | undefined
  let bestDistance = Infinity
  const limit = strict ? Math.max(1, Math.floor(word.length / 4)) : Math.max(2, Math.floor(word.length / 3))
  // Edit distance is quadratic: a long word is no typo of a short name, and two long user-written names
  // (accounts) must not cost seconds. The length difference is a lower bound of the distance.
  if (word.length > 128) return undefined
  for (const option of options) {
    if (Math.abs(option.length - word.length) > limit) continue
    const d = editDistance(word.toLowerCase(), option.toLowerCase())
    if (d < bestDistance) {
      bestDistance = d
      best = option
    }
  }
  return bestDistance <= limit ? best : undefined
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1))
      prev = tmp
    }
  }
  return row[b.length]
}
