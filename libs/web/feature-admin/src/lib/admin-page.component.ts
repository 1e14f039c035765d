import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  OnInit,
  computed,
  inject,
  signal,
} from '@angular/core';
import { NgTemplateOutlet } from '@angular/common';
import {
  FormGroup,
  FormGroupDirective,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  Validators,
} from '@angular/forms';
import { MatAnchor, MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { roles } from '@kaizen/shared/domain-access';
import { quarterOf } from '@kaizen/shared/domain-experiment';
import { deactivatesOneself, structureTree } from '@kaizen/shared/domain-organisation';
import { toApiProblem } from '@kaizen/web/data-access-api';
import type { EnvelopeDto, MemberDto } from '@kaizen/web/data-access-api/operations';
import { SettingsStore, StructureStore } from '@kaizen/web/data-access-admin';
import { SessionStore } from '@kaizen/web/data-access-auth';
import {
  ConfirmActionComponent,
  FieldErrorPipe,
  FormMessage,
  FormSubmit,
  MessagePipe,
  MoneyPipe,
  problemMessage,
} from '@kaizen/web/ui-kit';
import { FORMAT_PIPES, LanguageService, TranslatePipe } from '@kaizen/web/util-i18n';
import { AuditLogComponent } from './audit-log.component';
import { RetentionSettingsComponent } from './retention-settings.component';
import { SsoSettingsComponent } from './sso-settings.component';
import { TwoFactorPolicyComponent } from './two-factor-policy.component';
import { UnitEditorComponent, type UnitEditorMode } from './unit-editor.component';

export type AdminSection = 'structure' | 'members' | 'settings' | 'budgets' | 'audit';

type AdminForm = 'department' | 'team' | 'head' | 'place' | 'thresholds' | 'envelope';

/** The department or team being renamed, or waiting for its archiving to be confirmed. */
interface UnitAction {
  kind: 'department' | 'team';
  id: string;
  mode: Exclude<UnitEditorMode, 'idle'>;
}

/** Organisation admin: structure, members and roles, thresholds, budget envelopes, audit log. */
@Component({
  selector: 'kz-admin-page',
  imports: [
    AuditLogComponent,
    ConfirmActionComponent,
    FORMAT_PIPES,
    FieldErrorPipe,
    MatAnchor,
    MatButton,
    MatError,
    MatFormField,
    MatHint,
    MatInput,
    MatLabel,
    MessagePipe,
    MoneyPipe,
    NgTemplateOutlet,
    ReactiveFormsModule,
    RetentionSettingsComponent,
    RouterLink,
    SsoSettingsComponent,
    TranslatePipe,
    TwoFactorPolicyComponent,
    UnitEditorComponent,
  ],
  templateUrl: './admin-page.component.html',
  styleUrl: './admin-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdminPageComponent implements OnInit {
  protected readonly structure = inject(StructureStore);
  protected readonly settings = inject(SettingsStore);
  protected readonly language = inject(LanguageService);
  private readonly session = inject(SessionStore);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly sections: readonly AdminSection[] = [
    'structure',
    'members',
    'settings',
    'budgets',
    'audit',
  ];
  protected readonly section = signal<AdminSection>('structure');
  protected readonly roles = roles;
  protected readonly message = signal<FormMessage | null>(null);
  protected readonly saved = signal<string | null>(null);
  protected readonly loadError = computed(() => {
    const problem = this.structure.error() ?? this.settings.error();
    return problem ? problemMessage(problem) : null;
  });

  /** Departments holding their sub-departments and teams, each level by name. */
  protected readonly tree = computed(() =>
    structureTree(this.structure.departments(), this.structure.teams(), this.language.current()),
  );
  /** Departments folded shut; everything starts open, so a new department shows at once. */
  protected readonly collapsed = signal<ReadonlySet<string>>(new Set());
  /** The person whose deactivation waits for a second click. */
  protected readonly confirmingDeactivation = signal<string | null>(null);

  protected readonly departmentForm = this.fb.group({
    name: ['', [Validators.required, Validators.maxLength(200)]],
    parentId: [''],
  });
  protected readonly teamForm = this.fb.group({
    name: ['', [Validators.required, Validators.maxLength(200)]],
    departmentId: ['', Validators.required],
  });
  protected readonly unitAction = signal<UnitAction | null>(null);
  protected readonly headForm = this.fb.group({
    departmentId: ['', Validators.required],
    membershipId: ['', Validators.required],
  });
  protected readonly placeForm = this.fb.group({
    teamId: ['', Validators.required],
    membershipId: ['', Validators.required],
    position: ['member' as 'member' | 'lead', Validators.required],
  });
  protected readonly thresholdForm = this.fb.group({
    hours: [0, [Validators.required, Validators.min(0)]],
    amount: [0, [Validators.required, Validators.min(0)]],
  });
  protected readonly envelopeForm = this.fb.group({
    scope: ['', Validators.required],
    quarter: ['', [Validators.required, Validators.pattern(/^\d{4}-Q[1-4]$/)]],
    hours: [0, [Validators.required, Validators.min(0)]],
    amount: [0, [Validators.required, Validators.min(0)]],
  });
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  /** Each form's submit; what it says lands in the page's one message. */
  private readonly submitters: Readonly<Record<AdminForm, FormSubmit>> = {
    department: this.submitterFor(this.departmentForm),
    team: this.submitterFor(this.teamForm),
    head: this.submitterFor(this.headForm),
    place: this.submitterFor(this.placeForm),
    // The API names amounts in minor units; these forms take whole hours and euros.
    thresholds: this.submitterFor(this.thresholdForm, {
      approvalThresholdHours: 'hours',
      approvalThresholdAmountMinor: 'amount',
    }),
    envelope: this.submitterFor(this.envelopeForm, {
      hoursBudget: 'hours',
      amountBudgetMinor: 'amount',
      teamId: 'scope',
      departmentId: 'scope',
    }),
  };

  async ngOnInit(): Promise<void> {
    await Promise.all([
      this.structure.load(true),
      this.settings.loadOrganisation(),
      this.settings.loadEnvelopes(),
    ]);
    const organisation = this.settings.organisation();
    if (organisation) {
      this.thresholdForm.setValue({
        hours: organisation.approvalThresholdHours,
        amount: organisation.approvalThresholdAmountMinor / 100,
      });
      this.envelopeForm.controls.quarter.setValue(quarterOf(new Date(), organisation.timeZone));
    }
  }

  protected show(section: AdminSection): void {
    this.section.set(section);
    this.message.set(null);
    this.saved.set(null);
  }

  protected isOpen(id: string): boolean {
    return !this.collapsed().has(id);
  }

  protected toggle(id: string): void {
    this.collapsed.update((shut) => {
      const next = new Set(shut);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }

  protected expandAll(open: boolean): void {
    this.collapsed.set(open ? new Set() : new Set(this.structure.departments().map((d) => d.id)));
  }

  /** One's own membership: the web offers no way to deactivate it, as the API refuses it. */
  protected isSelf(member: MemberDto): boolean {
    return deactivatesOneself(this.session.me()?.membershipId, member.id, false);
  }

  protected departmentName(id: string | null): string {
    return this.structure.departments().find((d) => d.id === id)?.name ?? '';
  }

  protected memberName(id: string): string {
    return this.structure.members().find((m) => m.id === id)?.displayName ?? '';
  }

  /** One row at a time is renamed or asks to be archived. */
  protected modeOf(kind: UnitAction['kind'], id: string): UnitEditorMode {
    const current = this.unitAction();
    return current?.kind === kind && current.id === id ? current.mode : 'idle';
  }

  protected setMode(kind: UnitAction['kind'], id: string, mode: UnitEditorMode): void {
    this.unitAction.set(mode === 'idle' ? null : { kind, id, mode });
  }

  protected async rename(name: string): Promise<void> {
    const target = this.unitAction();
    if (!target) return;
    await this.guard(async () => {
      await (target.kind === 'department'
        ? this.structure.renameDepartment(target.id, name)
        : this.structure.renameTeam(target.id, name));
      this.unitAction.set(null);
      this.saved.set('admin.saved.renamed');
    });
  }

  protected async archive(): Promise<void> {
    const target = this.unitAction();
    if (!target) return;
    await this.guard(
      async () => {
        await (target.kind === 'department'
          ? this.structure.archiveDepartment(target.id)
          : this.structure.archiveTeam(target.id));
        this.unitAction.set(null);
        this.saved.set('admin.saved.archived');
      },
      target.kind === 'department' ? 'admin.archiveBlocked' : 'admin.conflict',
    );
  }

  protected async endHead(departmentId: string, membershipId: string): Promise<void> {
    await this.guard(() => this.structure.endHead(departmentId, membershipId));
  }

  /** `directive.resetForm` also forgets the submit, so emptied fields show no error. */
  protected async submit(form: AdminForm, directive: FormGroupDirective): Promise<void> {
    const submitter = this.submitters[form];
    this.message.set(null);
    this.saved.set(null);
    const done = await submitter.run(async () => {
      switch (form) {
        case 'department': {
          const v = this.departmentForm.getRawValue();
          await this.structure.createDepartment({ name: v.name.trim(), parentId: v.parentId || null });
          directive.resetForm({ name: '', parentId: '' });
          break;
        }
        case 'team': {
          const v = this.teamForm.getRawValue();
          await this.structure.createTeam({ name: v.name.trim(), departmentId: v.departmentId });
          directive.resetForm({ name: '', departmentId: '' });
          break;
        }
        case 'head': {
          const v = this.headForm.getRawValue();
          await this.structure.appointHead(v.departmentId, v.membershipId);
          directive.resetForm({ ...v, membershipId: '' });
          break;
        }
        case 'place': {
          const v = this.placeForm.getRawValue();
          await this.structure.placeMember(v.teamId, { membershipId: v.membershipId, position: v.position });
          directive.resetForm({ ...v, membershipId: '' });
          break;
        }
        case 'thresholds': {
          const v = this.thresholdForm.getRawValue();
          await this.settings.updateOrganisation({
            approvalThresholdHours: Math.round(Number(v.hours)),
            approvalThresholdAmountMinor: Math.round(Number(v.amount) * 100),
          });
          break;
        }
        case 'envelope': {
          const v = this.envelopeForm.getRawValue();
          const [level, id] = v.scope.split(':');
          await this.settings.createEnvelope({
            quarter: v.quarter,
            hoursBudget: Math.round(Number(v.hours)),
            amountBudgetMinor: Math.round(Number(v.amount) * 100),
            ...(level === 'team' ? { teamId: id } : { departmentId: id }),
          });
          break;
        }
      }
    });
    this.message.set(submitter.message());
    if (done) this.saved.set(`admin.saved.${form}`);
  }

  protected async changeRole(member: MemberDto, role: string): Promise<void> {
    await this.guard(() => this.structure.updateMember(member, { role: role as MemberDto['role'] }));
  }

  protected async setActive(member: MemberDto, active: boolean): Promise<void> {
    this.confirmingDeactivation.set(null);
    await this.guard(() =>
      this.structure.updateMember(member, { status: active ? 'active' : 'deactivated' }),
    );
  }

  protected async resize(envelope: EnvelopeDto, hours: string, amount: string): Promise<void> {
    await this.guard(() =>
      this.settings.resizeEnvelope(envelope, Math.round(Number(hours)), Math.round(Number(amount) * 100)),
    );
  }

  private submitterFor(form: FormGroup, fields: Readonly<Record<string, string>> = {}): FormSubmit {
    return new FormSubmit(form, {
      toProblem: toApiProblem,
      context: { conflict: 'admin.conflict' },
      fields,
      host: this.host,
    });
  }

  private async guard(work: () => Promise<void>, conflict = 'admin.conflict'): Promise<void> {
    this.message.set(null);
    this.saved.set(null);
    try {
      await work();
    } catch (error) {
      this.message.set(problemMessage(toApiProblem(error), { conflict }));
    }
  }
}
