// Public surface of the resolver: selectors → resources, and the IAM policies a config needs.
export { MAX_FILTER_VALUES, partitionOf, resolveEndpoints, type ResolveOptions } from './resolver.js'
export { KIND_RECIPES, type Candidate, type KindRecipe } from './kinds.js'
export {
  githubTrustPolicy,
  iamPolicyFor,
  kindsUsedBy,
  MANAGED_TAG_KEY,
  MANAGED_TAG_VALUE,
  REACHABILITY_ANALYZER_READS,
  type GithubTrustPolicyOptions,
  type IamPolicyDocument,
  type IamStatement
} from './iam.js'
