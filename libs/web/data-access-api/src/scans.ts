// Operations and models of the learning-capability scan, for its lazy page alone: a separate
// entry point, so none of it reaches the initial bundle (see index.ts).
export { addScanStatement } from './generated/fn/scans/add-scan-statement';
export { answerScan } from './generated/fn/scans/answer-scan';
export { closeScan } from './generated/fn/scans/close-scan';
export { getScan } from './generated/fn/scans/get-scan';
export { getScanInstrument } from './generated/fn/scans/get-scan-instrument';
export { getScanResults } from './generated/fn/scans/get-scan-results';
export { getScanSettings } from './generated/fn/scans/get-scan-settings';
export { getScanTrend } from './generated/fn/scans/get-scan-trend';
export { listScans } from './generated/fn/scans/list-scans';
export { openScan } from './generated/fn/scans/open-scan';
export { remindScan } from './generated/fn/scans/remind-scan';
export { updateScanSettings } from './generated/fn/scans/update-scan-settings';
export { compareDepartments } from './generated/fn/learning/compare-departments';
export { listDepartments } from './generated/fn/structure/list-departments';
export type {
  AddStatementDto,
  ComparisonDto,
  DepartmentDto,
  DimensionScoreDto,
  InstrumentDto,
  OpenScanDto,
  ScanDetailDto,
  ScanDto,
  ScanGroupDto,
  ScanResultsDto,
  ScanSettingsDto,
  StatementDto,
  TrendDto,
  TrendPointDto,
} from './generated/models';
