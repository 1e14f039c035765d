// Operations and models of measures over time, for their lazy pages alone: a separate entry point,
// so none of it reaches the initial bundle (see index.ts).
export { decideExperiment } from './generated/fn/decisions/decide-experiment';
export { getExperimentDecision } from './generated/fn/decisions/get-experiment-decision';
export { listDecisionReviews } from './generated/fn/decisions/list-decision-reviews';
export { reviewExperimentDecision } from './generated/fn/decisions/review-experiment-decision';
export { setExperimentDecisionRule } from './generated/fn/decisions/set-experiment-decision-rule';
export { addMeasurePoint } from './generated/fn/measures/add-measure-point';
export { archiveMeasure } from './generated/fn/measures/archive-measure';
export { createMeasure } from './generated/fn/measures/create-measure';
export { getExperimentMeasure } from './generated/fn/measures/get-experiment-measure';
export { getMeasure } from './generated/fn/measures/get-measure';
export { getMeasureChart } from './generated/fn/measures/get-measure-chart';
export { importMeasurePoints } from './generated/fn/measures/import-measure-points';
export { listMeasurePoints } from './generated/fn/measures/list-measure-points';
export { listMeasures } from './generated/fn/measures/list-measures';
export { putMeasurePoints } from './generated/fn/measures/put-measure-points';
export { setExperimentMeasure } from './generated/fn/measures/set-experiment-measure';
export type {
  DecisionInputDto,
  DecisionReviewItemDto,
  DecisionRuleDto,
  DecisionRuleInputDto,
  DecisionRuleSummaryDto,
  DecisionStateDto,
  PredictionDto,
  ProposedDecisionDto,
  BaselineDto,
  ChangeMomentDto,
  ChartAnnotationDto,
  ChartDto,
  ControlChartDto,
  CreateMeasureDto,
  ExperimentMeasureDto,
  ExperimentMeasureInputDto,
  MeasureDto,
  MeasurePageDto,
  PointDto,
  PointImportResultDto,
  PointInputDto,
  PreviewPointDto,
  RowProblemDto,
  RunChartDto,
  SignalDto,
} from './generated/models';
