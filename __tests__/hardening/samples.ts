// Deterministic samples of the corpus for the slower end-to-end runs (a whole Node process per case).
import { generateCorpus, type Family, type HostileCase } from './corpus.js'
import { seeded } from './random.js'

/**
 * `perFamily` seeded picks from every family (memory cases excluded: they have their own capped run),
 * plus the named cases, which cover the crashes and hostile YAML that matter most end to end.
 */
export function sampleCorpus(seed: number, perFamily: number, named: string[]): HostileCase[] {
  const corpus = generateCorpus()
  const random = seeded(seed)
  const families = [...new Set(corpus.map(c => c.family))] as Family[]
  const picked = families.flatMap(f =>
    random.sample(
      corpus.filter(c => c.family === f && !c.isolate && !named.includes(c.name)),
      perFamily
    )
  )
  const extra = named.map(name => {
    const found = corpus.find(c => c.name === name)
    if (!found) throw new Error(`no corpus case named ${JSON.stringify(name)}`)
    return found
  })
  return [...picked, ...extra]
}

/** Runs `task` over `items` with at most `limit` in flight, keeping the order of results. */
export async function pooled<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await task(items[i])
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}
