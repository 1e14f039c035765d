import { Injectable, inject, signal } from '@angular/core';
import { Api } from '@kaizen/web/data-access-api';
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
    this.state.set((await this.api.invoke(getSsoSettings)).settings);
  }

  async save(body: SaveSsoSettingsDto): Promise<void> {
    this.state.set(await this.api.invoke(saveSsoSettings, { body }));
  }

  async remove(): Promise<void> {
    await this.api.invoke(removeSsoSettings);
    this.state.set(null);
  }
}
