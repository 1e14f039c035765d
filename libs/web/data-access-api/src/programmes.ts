// Operations and models of improvement programmes and "has this been tried?", for their lazy pages alone:
// a separate entry point, so none of it reaches the initial bundle (see index.ts).
export { addDriverNode } from './generated/fn/programmes/add-driver-node';
export { archiveProgramme } from './generated/fn/programmes/archive-programme';
export { clearProgressOverride } from './generated/fn/programmes/clear-progress-override';
export { createProgramme } from './generated/fn/programmes/create-programme';
export { decideCycle } from './generated/fn/programmes/decide-cycle';
export { deleteDriverNode } from './generated/fn/programmes/delete-driver-node';
export { exportPortfolio } from './generated/fn/programmes/export-portfolio';
export { getPortfolio } from './generated/fn/programmes/get-portfolio';
export { getProgramme } from './generated/fn/programmes/get-programme';
export { getProgressBands } from './generated/fn/programmes/get-progress-bands';
export { linkChangeIdeaExperiment } from './generated/fn/programmes/link-change-idea-experiment';
export { listProgrammes } from './generated/fn/programmes/list-programmes';
export { overrideProgress } from './generated/fn/programmes/override-progress';
export { unlinkChangeIdeaExperiment } from './generated/fn/programmes/unlink-change-idea-experiment';
export { updateDriverNode } from './generated/fn/programmes/update-driver-node';
export { updateProgramme } from './generated/fn/programmes/update-programme';
export { findSimilarWork } from './generated/fn/experiments/find-similar-work';
export { getProgrammeReviewCadence } from './generated/fn/reviews/get-programme-review-cadence';
export { setProgrammeReviewCadence } from './generated/fn/reviews/set-programme-review-cadence';
export type {
  AimDto,
  BandCountDto,
  AimViewDto,
  CadenceDto,
  CreateNodeDto,
  CreateProgrammeDto,
  DriverNodeDto,
  FollowUpDto,
  FollowUpResultDto,
  LinkExperimentDto,
  OverrideDto,
  OverrideViewDto,
  ProgrammeCadenceDto,
  ProgrammeDto,
  ProgressBandsDto,
  ProgrammePageDto,
  ProgrammeSummaryDto,
  ProgrammeTeamMemberDto,
  ProgrammeTestDto,
  ProgressDto,
  ProgressReasonDto,
  SetProgrammeCadenceDto,
  SimilarItemDto,
  SimilarWorkDto,
  SimilarWorkQueryDto,
  UpdateNodeDto,
  UpdateProgrammeDto,
} from './generated/models';
