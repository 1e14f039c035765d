import { Injectable, inject, signal } from '@angular/core';
import { Api, LoadState } from '@kaizen/web/data-access-api';
import {
  CreateNodeDto,
  DriverNodeDto,
  FollowUpDto,
  FollowUpResultDto,
  OverrideDto,
  ProgrammeCadenceDto,
  ProgrammeDto,
  SetProgrammeCadenceDto,
  UpdateNodeDto,
  addDriverNode,
  clearProgressOverride,
  decideCycle,
  deleteDriverNode,
  getProgramme,
  getProgrammeReviewCadence,
  linkChangeIdeaExperiment,
  overrideProgress,
  setProgrammeReviewCadence,
  unlinkChangeIdeaExperiment,
  updateDriverNode,
} from '@kaizen/web/data-access-api/programmes';

/**
 * One programme: its aim, team, driver diagram, ramps and the progress score the API derived. Every change reads the
 * programme again, so the score and its reasons always come from the server. Provided per page.
 */
@Injectable()
export class ProgrammeStore {
  private readonly api = inject(Api);
  private readonly programmeState = signal<ProgrammeDto | null>(null);
  private readonly rhythmState = signal<ProgrammeCadenceDto | null>(null);
  private id: string | null = null;

  readonly state = new LoadState();
  readonly programme = this.programmeState.asReadonly();
  /** The programme team's own review rhythm, and whether the reader may set it. */
  readonly rhythm = this.rhythmState.asReadonly();

  load(id: string): Promise<boolean> {
    if (this.id !== id) {
      this.programmeState.set(null);
      this.rhythmState.set(null);
    }
    this.id = id;
    return this.state.track(() => this.reload());
  }

  async loadRhythm(): Promise<void> {
    const id = this.current();
    const rhythm = await this.api.invoke(getProgrammeReviewCadence, { id });
    if (this.id === id) this.rhythmState.set(rhythm);
  }

  async setRhythm(body: SetProgrammeCadenceDto): Promise<void> {
    const cadence = await this.api.invoke(setProgrammeReviewCadence, { id: this.current(), body });
    this.rhythmState.update((rhythm) => ({ canManage: rhythm?.canManage ?? true, cadence }));
  }

  async addNode(body: CreateNodeDto): Promise<DriverNodeDto> {
    const node = await this.api.invoke(addDriverNode, { id: this.current(), body });
    await this.reload();
    return node;
  }

  async updateNode(nodeId: string, body: UpdateNodeDto): Promise<void> {
    await this.api.invoke(updateDriverNode, { id: this.current(), nodeId, body });
    await this.reload();
  }

  async deleteNode(nodeId: string): Promise<void> {
    await this.api.invoke(deleteDriverNode, { id: this.current(), nodeId });
    await this.reload();
  }

  async link(nodeId: string, experimentId: string): Promise<void> {
    await this.api.invoke(linkChangeIdeaExperiment, { id: this.current(), nodeId, body: { experimentId } });
    await this.reload();
  }

  async unlink(nodeId: string, experimentId: string): Promise<void> {
    await this.api.invoke(unlinkChangeIdeaExperiment, { id: this.current(), nodeId, experimentId });
    await this.reload();
  }

  async decide(body: FollowUpDto): Promise<FollowUpResultDto> {
    const result = await this.api.invoke(decideCycle, { id: this.current(), body });
    await this.reload();
    return result;
  }

  async override(body: OverrideDto): Promise<void> {
    this.programmeState.set(await this.api.invoke(overrideProgress, { id: this.current(), body }));
  }

  async clearOverride(): Promise<void> {
    this.programmeState.set(await this.api.invoke(clearProgressOverride, { id: this.current() }));
  }

  private async reload(): Promise<void> {
    const id = this.current();
    const programme = await this.api.invoke(getProgramme, { id });
    if (this.id === id) this.programmeState.set(programme);
  }

  private current(): string {
    if (!this.id) throw new Error('load a programme first');
    return this.id;
  }
}
