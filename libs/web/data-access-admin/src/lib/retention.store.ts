import { Injectable, inject, signal } from '@angular/core';
import { Api } from '@kaizen/web/data-access-api';
import { RetentionDto, getRetention, setRetention } from '@kaizen/web/data-access-api/operations';

/** How long the organisation keeps notifications, audit entries and deactivated accounts. */
@Injectable({ providedIn: 'root' })
export class RetentionStore {
  private readonly api = inject(Api);
  private readonly state = signal<RetentionDto | null>(null);

  readonly retention = this.state.asReadonly();

  async load(): Promise<void> {
    this.state.set(await this.api.invoke(getRetention));
  }

  async save(body: RetentionDto): Promise<void> {
    this.state.set(await this.api.invoke(setRetention, { body }));
  }
}
