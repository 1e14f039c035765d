import { ChangeDetectionStrategy, Component, OnInit, computed, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import {
  auditActionNames,
  auditLabelKey,
  auditObjectTypes,
  type AuditAction,
  type AuditObjectType,
} from '@kaizen/shared/domain-access';
import { AuditStore, StructureStore, type AuditFilter } from '@kaizen/web/data-access-admin';
import { toApiProblem } from '@kaizen/web/data-access-api';
import type { AuditEventDto } from '@kaizen/web/data-access-api/operations';
import { MessagePipe, downloadText, problemMessage, type FormMessage } from '@kaizen/web/ui-kit';
import {
  FORMAT_PIPES,
  Formats,
  LanguageService,
  TranslatePipe,
  TranslateService,
} from '@kaizen/web/util-i18n';
import { auditChanges } from './audit-changes';
import { nextDay, startOfDay } from './audit-period';

/** The audit log for admins: who did what to which object, when, from where, and what it changed. */
@Component({
  selector: 'kz-audit-log',
  imports: [
    FORMAT_PIPES,
    MatButton,
    MatFormField,
    MatInput,
    MatLabel,
    MessagePipe,
    ReactiveFormsModule,
    TranslatePipe,
  ],
  templateUrl: './audit-log.component.html',
  styleUrl: './audit-log.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AuditLogComponent implements OnInit {
  protected readonly audit = inject(AuditStore);
  protected readonly structure = inject(StructureStore);
  private readonly formats = inject(Formats);
  private readonly language = inject(LanguageService);
  private readonly translate = inject(TranslateService);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly actions = auditActionNames;
  protected readonly objectTypes = auditObjectTypes;
  protected readonly message = signal<FormMessage | null>(null);
  protected readonly problem = computed(() => {
    const problem = this.audit.error();
    return problem ? problemMessage(problem) : null;
  });
  /** The actors to choose from, by name: the organisation's members. */
  protected readonly actors = computed(() =>
    [...this.structure.members()].sort((a, b) => a.displayName.localeCompare(b.displayName)),
  );

  protected readonly filters = this.fb.group({
    action: [''],
    actorId: [''],
    targetType: [''],
    targetId: [''],
    from: [''],
    until: [''],
  });

  async ngOnInit(): Promise<void> {
    await this.audit.load({});
  }

  protected async apply(): Promise<void> {
    const { action, actorId, targetType, targetId, from, until } = this.filters.getRawValue();
    const zone = this.formats.timeZone();
    const filter: AuditFilter = {
      action: (action || undefined) as AuditAction | undefined,
      actorId: actorId || undefined,
      targetType: (targetType || undefined) as AuditObjectType | undefined,
      targetId: targetId || undefined,
      since: from ? startOfDay(from, zone) : undefined,
      // Until a day includes that day: the period ends where the next day starts.
      before: until ? startOfDay(nextDay(until), zone) : undefined,
    };
    await this.audit.load(filter);
  }

  /** Narrows the log to one object: everything that happened to it. */
  protected async onlyObject(event: AuditEventDto): Promise<void> {
    this.filters.patchValue({ targetType: event.targetType ?? '', targetId: event.targetId ?? '' });
    await this.apply();
  }

  protected async clear(): Promise<void> {
    this.filters.reset();
    await this.audit.load({});
  }

  /** "Signed in" for `auth.signed_in`; an action this version has no words for keeps its code. */
  protected label(action: string): string {
    this.language.current(); // worded again when the language changes
    const key = auditLabelKey(action);
    const label = this.translate.instant(key);
    return label === key ? action : label;
  }

  /** The object's name where it has one, as it was or became. */
  protected objectName(event: AuditEventDto): string | null {
    for (const state of [event.after, event.before] as Array<Record<string, unknown> | null>) {
      const name = state?.['name'] ?? state?.['title'] ?? state?.['displayName'] ?? state?.['email'];
      if (typeof name === 'string') return name;
    }
    return null;
  }

  /** A changed field by its name in the reader's language; a field this version has no words for keeps its own. */
  protected fieldLabel(field: string): string {
    this.language.current();
    const key = `admin.auditField.${field}`;
    const label = this.translate.instant(key);
    return label === key ? field : label;
  }

  protected changes(event: AuditEventDto) {
    return auditChanges(
      event.before as Record<string, unknown> | null,
      event.after as Record<string, unknown> | null,
    );
  }

  protected reason(event: AuditEventDto): string | null {
    const reason = (event.details as Record<string, unknown>)['reason'];
    return typeof reason === 'string' && reason ? reason : null;
  }

  protected async export(): Promise<void> {
    this.message.set(null);
    try {
      downloadText(await this.audit.export(), 'audit-log.csv');
    } catch (error) {
      this.message.set(problemMessage(toApiProblem(error)));
    }
  }
}
