import { Injectable, inject, signal } from '@angular/core';
import { Api, toApiProblem } from '@kaizen/web/data-access-api';
import {
  SaveSsoSettingsDto,
  SsoSettingsDto,
  getSsoSettings,
  removeSsoSettings,
  saveSsoSettings,
} from '@kaizen/web/data-access-api/operations';

/** The organisation's single sign-on settings; null while none is configured. */
@Injectable({ providedIn: 'root' })
export class SsoSettingsStore {
  private readonly api = inject(Api);
  private readonly state = signal<SsoSettingsDto | null>(null);

  readonly settings = this.state.asReadonly();

  async load(): Promise<void> {
    try {
      this.state.set(await this.api.invoke(getSsoSettings));
    } catch (error) {
      if (toApiProblem(error).status !== 404) throw error;
      this.state.set(null);
    }
  }

  async save(body: SaveSsoSettingsDto): Promise<void> {
    this.state.set(await this.api.invoke(saveSsoSettings, { body }));
  }

  async remove(): Promise<void> {
    await this.api.invoke(removeSsoSettings);
    this.state.set(null);
  }
}
