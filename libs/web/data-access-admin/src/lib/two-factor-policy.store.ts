import { Injectable, inject, signal } from '@angular/core';
import { Api } from '@kaizen/web/data-access-api';
import { getTwoFactorPolicy, setTwoFactorPolicy } from '@kaizen/web/data-access-api/operations';

/** Whether the organisation requires a second factor at sign-in; null until loaded. */
@Injectable({ providedIn: 'root' })
export class TwoFactorPolicyStore {
  private readonly api = inject(Api);
  private readonly state = signal<boolean | null>(null);

  readonly required = this.state.asReadonly();

  async load(): Promise<void> {
    this.state.set((await this.api.invoke(getTwoFactorPolicy)).required);
  }

  async save(required: boolean): Promise<void> {
    this.state.set((await this.api.invoke(setTwoFactorPolicy, { body: { required } })).required);
  }
}
