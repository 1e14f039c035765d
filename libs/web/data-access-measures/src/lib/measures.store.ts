import { Injectable, inject } from '@angular/core';
import { Api, CursorPages, LoadState } from '@kaizen/web/data-access-api';
import {
  CreateMeasureDto,
  MeasureDto,
  archiveMeasure,
  createMeasure,
  listMeasures,
} from '@kaizen/web/data-access-api/measures';

const PAGE_SIZE = 50;

/** The organisation's measures, most recently changed first, page by page; create and archive. */
@Injectable({ providedIn: 'root' })
export class MeasuresStore {
  private readonly api = inject(Api);

  readonly state = new LoadState();
  readonly pages = new CursorPages<MeasureDto>((cursor) =>
    this.api.invoke(listMeasures, { limit: PAGE_SIZE, cursor }),
  );
  readonly items = this.pages.items;

  load(): Promise<boolean> {
    return this.state.track(() => this.pages.first());
  }

  more(): Promise<boolean> {
    return this.state.track(() => this.pages.more());
  }

  /** Creates a measure and lists it first. */
  async create(body: CreateMeasureDto): Promise<MeasureDto> {
    const created = await this.api.invoke(createMeasure, { body });
    this.pages.update((items) => [created, ...items.filter((m) => m.id !== created.id)]);
    return created;
  }

  /** Archives a measure: its data stay readable, nothing more can be entered; it leaves the list. */
  async archive(measure: MeasureDto): Promise<void> {
    await this.api.invoke(archiveMeasure, { id: measure.id });
    this.pages.update((items) => items.filter((m) => m.id !== measure.id));
  }
}
