import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  OnDestroy,
  OnInit,
  inject,
  signal,
} from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { Api, toApiProblem, type TwoFactorEnrolmentDto } from '@kaizen/web/data-access-api';
import {
  confirmTwoFactorEnrolment,
  disableTwoFactor,
  downloadDataExport,
  getTwoFactor,
  listDataExports,
  requestDataExport,
  startTwoFactorEnrolment,
  type DataExportDto,
  type TwoFactorStatusDto,
} from '@kaizen/web/data-access-api/operations';
import { FORMAT_PIPES, TranslatePipe } from '@kaizen/web/util-i18n';
import {
  FieldErrorPipe,
  FormMessage,
  MessagePipe,
  applyProblem,
  focusFirstInvalid,
} from '@kaizen/web/ui-kit';

/** How often a preparing export is asked about; the bar moves as the worker goes. */
const POLL_MS = 1500;

/** The account's security and data: two-factor sign-in, and exports of what the product holds about the person. */
@Component({
  selector: 'kz-security-page',
  imports: [
    FieldErrorPipe,
    FORMAT_PIPES,
    MatButton,
    MatError,
    MatFormField,
    MatInput,
    MatLabel,
    MessagePipe,
    ReactiveFormsModule,
    TranslatePipe,
  ],
  templateUrl: './security-page.component.html',
  styleUrl: './account-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SecurityPageComponent implements OnInit, OnDestroy {
  private readonly api = inject(Api);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly forms = inject(NonNullableFormBuilder);
  private poll: ReturnType<typeof setTimeout> | undefined;

  protected readonly status = signal<TwoFactorStatusDto | null>(null);
  protected readonly enrolment = signal<TwoFactorEnrolmentDto | null>(null);
  protected readonly recoveryCodes = signal<string[] | null>(null);
  protected readonly disabling = signal(false);
  protected readonly exports = signal<DataExportDto[]>([]);
  protected readonly busy = signal(false);
  protected readonly message = signal<FormMessage | null>(null);

  protected readonly confirmForm = this.forms.group({
    code: ['', [Validators.required, Validators.pattern(/^\d{6}$/)]],
  });
  protected readonly disableForm = this.forms.group({
    password: ['', [Validators.required, Validators.maxLength(200)]],
    code: ['', [Validators.required, Validators.minLength(6), Validators.maxLength(20)]],
  });

  async ngOnInit(): Promise<void> {
    await Promise.all([this.loadStatus(), this.loadExports()]);
  }

  ngOnDestroy(): void {
    clearTimeout(this.poll);
  }

  protected async startEnrolment(): Promise<void> {
    await this.run(async () => {
      this.recoveryCodes.set(null);
      this.enrolment.set(await this.api.invoke(startTwoFactorEnrolment));
    });
  }

  protected async confirmEnrolment(): Promise<void> {
    if (!this.valid(this.confirmForm)) return;
    await this.run(async () => {
      const answer = await this.api.invoke(confirmTwoFactorEnrolment, {
        body: this.confirmForm.getRawValue(),
      });
      this.recoveryCodes.set(answer.recoveryCodes);
      this.enrolment.set(null);
      this.confirmForm.reset();
      await this.loadStatus();
    }, this.confirmForm);
  }

  protected async disable(): Promise<void> {
    if (!this.valid(this.disableForm)) return;
    await this.run(async () => {
      await this.api.invoke(disableTwoFactor, { body: this.disableForm.getRawValue() });
      this.disabling.set(false);
      this.disableForm.reset();
      this.recoveryCodes.set(null);
      await this.loadStatus();
    }, this.disableForm);
  }

  protected async requestExport(): Promise<void> {
    await this.run(async () => {
      await this.api.invoke(requestDataExport);
      await this.loadExports();
    });
  }

  protected async download(item: DataExportDto): Promise<void> {
    await this.run(async () => {
      const blob = await this.api.invoke(downloadDataExport, { id: item.id });
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `kaizen-loop-export-${item.createdAt.slice(0, 10)}.zip`;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    });
  }

  private async loadStatus(): Promise<void> {
    this.status.set(await this.api.invoke(getTwoFactor));
  }

  /** Reads the exports, and again shortly while one is being prepared. */
  private async loadExports(): Promise<void> {
    clearTimeout(this.poll);
    const page = await this.api.invoke(listDataExports, { limit: 10 });
    this.exports.set(page.items);
    if (page.items.some((item) => item.status === 'queued' || item.status === 'running')) {
      this.poll = setTimeout(() => void this.loadExports(), POLL_MS);
    }
  }

  private valid(form: { invalid: boolean; markAllAsTouched(): void }): boolean {
    if (form.invalid) {
      form.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement);
      return false;
    }
    return true;
  }

  private async run(work: () => Promise<void>, form?: Parameters<typeof applyProblem>[0]): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.message.set(null);
    try {
      await work();
    } catch (error) {
      const problem = toApiProblem(error);
      this.message.set(
        form ? applyProblem(form, problem) : applyProblem(this.confirmForm, { ...problem, errors: [] }),
      );
      focusFirstInvalid(this.host.nativeElement);
    } finally {
      this.busy.set(false);
    }
  }
}
