// The plan stage: read Terraform/Pulumi plans into network changes, and predict their effect on assertions.
// Pure: no AWS SDK, no @actions/*; file reading is the only I/O (load.ts).
export { loadPlans, parsePlanText } from './load.js'
export { PlanError, type NetworkChanges, type PlanResource } from './model.js'
export {
  predictAssertion,
  effectWords,
  type EndpointFacts,
  type Prediction,
  type PredictedEffect,
  type PredictionReason
} from './predict.js'
export { summariseChanges } from './summary.js'
export { editedAssertions } from './scope.js'
export { decideScope, predictResults, predictedViolations, type PlanRunOptions } from './stage.js'
export { preparePlan, type PreparePlanArgs } from './prepare.js'
