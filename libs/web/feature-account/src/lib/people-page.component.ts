import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  OnInit,
  computed,
  inject,
  signal,
} from '@angular/core';
import { FormGroupDirective, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { Role, roles } from '@kaizen/shared/domain-access';
import { InvitationDto, MemberDto, toApiProblem } from '@kaizen/web/data-access-api';
import { PeopleStore } from '@kaizen/web/data-access-people';
import { SessionStore } from '@kaizen/web/data-access-auth';
import { FORMAT_PIPES, LanguageService, TranslatePipe } from '@kaizen/web/util-i18n';
import { FieldErrorPipe, FormMessage, FormSubmit, MessagePipe, problemMessage } from '@kaizen/web/ui-kit';
import { EraseMemberComponent } from './erase-member.component';

/**
 * Who is in the organisation; admins also invite colleagues, see the open invitations, and act on
 * members' data rights (an export for a data-subject request, erasure).
 */
@Component({
  selector: 'kz-people-page',
  imports: [
    EraseMemberComponent,
    FORMAT_PIPES,
    FieldErrorPipe,
    MatButton,
    MatError,
    MatFormField,
    MatInput,
    MatLabel,
    MessagePipe,
    ReactiveFormsModule,
    RouterLink,
    TranslatePipe,
  ],
  templateUrl: './people-page.component.html',
  styleUrl: './people-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PeoplePageComponent implements OnInit {
  protected readonly people = inject(PeopleStore);
  protected readonly session = inject(SessionStore);
  protected readonly language = inject(LanguageService);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  protected readonly roles = roles;
  protected readonly canInvite = computed(() => this.session.can('invitations.manage'));
  protected readonly canManage = computed(() => this.session.can('members.manage'));
  protected readonly loadError = computed(() => {
    const problem = this.people.error();
    return problem ? problemMessage(problem) : null;
  });

  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email, Validators.maxLength(254)]],
    role: ['member' as Role, Validators.required],
  });
  private readonly inviteSubmit = new FormSubmit(this.form, {
    toProblem: toApiProblem,
    host: this.host.nativeElement,
  });
  protected readonly submitting = this.inviteSubmit.pending;
  /** The invite form's message, or what went wrong withdrawing an invitation. */
  protected readonly message = this.inviteSubmit.message;
  protected readonly sentTo = signal<string | null>(null);

  /** Per member: the export asked for on this visit ('asking' while the request is under way). */
  protected readonly exports = signal<Readonly<Record<string, 'asking' | 'prepared' | FormMessage>>>({});
  protected readonly erasing = signal<string | null>(null);
  protected readonly erasedNotice = signal(false);

  ngOnInit(): void {
    void this.people.load(this.canInvite());
  }

  protected async revoke(invitation: InvitationDto): Promise<void> {
    this.message.set(null);
    try {
      await this.people.revoke(invitation);
    } catch (error) {
      this.message.set(problemMessage(toApiProblem(error)));
    }
  }

  /** `directive.resetForm()` also forgets the submit, so the emptied field shows no error. */
  protected async invite(directive: FormGroupDirective): Promise<void> {
    this.sentTo.set(null);
    await this.inviteSubmit.run(async () => {
      const { email, role } = this.form.getRawValue();
      await this.people.invite({ email, role, locale: this.language.current() });
      this.sentTo.set(email);
      directive.resetForm({ email: '', role: 'member' });
    });
  }

  /** Erased people keep their membership under a placeholder address; there is nothing left to act on. */
  protected isErased(member: MemberDto): boolean {
    return member.email.endsWith('@erased.invalid');
  }

  protected exportState(member: MemberDto): 'asking' | 'prepared' | FormMessage | null {
    return this.exports()[member.id] ?? null;
  }

  protected exportProblem(member: MemberDto): FormMessage | null {
    const state = this.exportState(member);
    return typeof state === 'object' ? state : null;
  }

  protected async requestExport(member: MemberDto): Promise<void> {
    this.exports.update((all) => ({ ...all, [member.id]: 'asking' }));
    let state: 'prepared' | FormMessage;
    try {
      await this.people.requestExport(member);
      state = 'prepared';
    } catch (error) {
      state = problemMessage(toApiProblem(error));
    }
    this.exports.update((all) => ({ ...all, [member.id]: state }));
  }

  protected startErasing(member: MemberDto): void {
    this.erasedNotice.set(false);
    this.erasing.set(member.id);
  }

  protected erased(): void {
    this.erasing.set(null);
    this.erasedNotice.set(true);
  }
}
