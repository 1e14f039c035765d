import type { MigrationInterface } from 'typeorm';
import { SystemHeartbeat1763800000000 } from './1763800000000-system-heartbeat';
import { Tenancy1763900000000 } from './1763900000000-tenancy';
import { ExperimentLoop1764000000000 } from './1764000000000-experiment-loop';
import { Rollups1764100000000 } from './1764100000000-rollups';
import { ReadPerformance1764200000000 } from './1764200000000-read-performance';
import { FollowUp1764300000000 } from './1764300000000-follow-up';
import { Scans1764400000000 } from './1764400000000-scans';
import { TenantEntry1764500000000 } from './1764500000000-tenant-entry';
import { ScanAnonymity1764600000000 } from './1764600000000-scan-anonymity';
import { Outbox1764700000000 } from './1764700000000-outbox';
import { HierarchyRules1764800000000 } from './1764800000000-hierarchy-rules';
import { Measures1764850000000 } from './1764850000000-measures';

import { DistributionKeys1764860000000 } from './1764860000000-distribution-keys';
import { SingleSignOn1764890000000 } from './1764890000000-single-sign-on';
import { AuditBeforeAfter1764880000000 } from './1764880000000-audit-before-after';
import { ApiTokensAndScim1764900000000 } from './1764900000000-api-tokens-and-scim';
import { TwoFactorAndDataRights1764910000000 } from './1764910000000-two-factor-and-data-rights';
import { Programmes1764920000000 } from './1764920000000-programmes';
import { SimilarWork1764921000000 } from './1764921000000-similar-work';
import { DecisionRules1764930000000 } from './1764930000000-decision-rules';
import { TenantScopedPolicies1764960000000 } from './1764960000000-tenant-scoped-policies';
import { OutboxRetention1764970000000 } from './1764970000000-outbox-retention';
import { ProgrammeReviewCadence1765000000000 } from './1765000000000-programme-review-cadence';
import { OutboxRetryAt1765010000000 } from './1765010000000-outbox-retry-at';
import { DeliveryFillfactor1765020000000 } from './1765020000000-delivery-fillfactor';
import { ReminderFiringOrder1765030000000 } from './1765030000000-reminder-firing-order';
/** Every migration, oldest first. A bundle cannot glob, so each one is listed here. */
export const migrations: Array<new () => MigrationInterface> = [
  SystemHeartbeat1763800000000,
  Tenancy1763900000000,
  ExperimentLoop1764000000000,
  Rollups1764100000000,
  ReadPerformance1764200000000,
  FollowUp1764300000000,
  Scans1764400000000,
  TenantEntry1764500000000,
  ScanAnonymity1764600000000,
  Outbox1764700000000,
  HierarchyRules1764800000000,
  Measures1764850000000,
  DistributionKeys1764860000000,
  AuditBeforeAfter1764880000000,
  SingleSignOn1764890000000,
  ApiTokensAndScim1764900000000,
  TwoFactorAndDataRights1764910000000,
  Programmes1764920000000,
  SimilarWork1764921000000,
  DecisionRules1764930000000,
  TenantScopedPolicies1764960000000,
  OutboxRetention1764970000000,
  ProgrammeReviewCadence1765000000000,
  OutboxRetryAt1765010000000,
  DeliveryFillfactor1765020000000,
  ReminderFiringOrder1765030000000,
];
