import { TestBed } from '@angular/core/testing';
import { TranslateService } from '@kaizen/web/util-i18n';
import { describe, expect, it } from 'vitest';
import { auditActionNames, auditLabelKey, auditObjectTypes } from '@kaizen/shared/domain-access';
import { provideI18nTesting } from '@kaizen/web/util-i18n/testing';

describe('the audit catalogue in words', () => {
  for (const lang of ['en', 'nl'] as const) {
    it(`gives every action and every kind of object a label in ${lang}`, async () => {
      TestBed.configureTestingModule({ providers: [provideI18nTesting(lang)] });
      const translate = TestBed.inject(TranslateService);
      translate.use(lang);
      const keys = [
        ...auditActionNames.map(auditLabelKey),
        ...auditObjectTypes.map((type) => `admin.auditObject.${type}`),
      ];
      const missing = keys.filter((key) => {
        const label = translate.instant(key);
        return typeof label !== 'string' || label === key || label.trim() === '';
      });
      expect(missing).toEqual([]);
    });
  }
});
