export { MeasureChartComponent } from './lib/measure-chart.component';
export { changeMarks, chartRows, indexAtOrAfter, signalGroups } from './lib/measure-chart';
export type {
  ChartKind,
  ChartRow,
  MeasureChartAnnotation,
  MeasureChartData,
  MeasureChartSignal,
  SignalClass,
  SignalGroup,
} from './lib/measure-chart';
export { DecisionRuleComponent } from './lib/decision-rule.component';
export type { DecisionRuleView } from './lib/decision-rule.component';
export {
  DecisionRuleFieldsComponent,
  decisionRuleBody,
  decisionRuleForm,
  decisionRuleValue,
} from './lib/decision-rule-fields.component';
export type { DecisionRuleBody, DecisionRuleForm } from './lib/decision-rule-fields.component';
