import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  OnInit,
  computed,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import { NgTemplateOutlet } from '@angular/common';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { bandOf, placementProblem, progressScores } from '@kaizen/shared/domain-programmes';
import { Api, toApiProblem } from '@kaizen/web/data-access-api';
import type { ExperimentSummaryDto } from '@kaizen/web/data-access-api/operations';
import { listExperiments } from '@kaizen/web/data-access-api/operations';
import type {
  DriverNodeDto,
  OverrideDto,
  ProgrammeTestDto,
  ProgressReasonDto,
} from '@kaizen/web/data-access-api/programmes';
import { SessionStore } from '@kaizen/web/data-access-auth';
import { ProgrammeStore } from '@kaizen/web/data-access-programmes';
import {
  FieldErrorPipe,
  FormMessage,
  FormSubmit,
  MessagePipe,
  downloadText,
  problemMessage,
} from '@kaizen/web/ui-kit';
import { FORMAT_PIPES, Formats, TranslatePipe, TranslateService } from '@kaizen/web/util-i18n';
import { diagramCsv, layoutDiagram } from './diagram-layout';
import { programmeMessage, worded } from './programme-problems';
import { ProgrammeRhythmComponent } from './programme-rhythm.component';
import { ProgressBadgeComponent } from './progress-badge.component';

/** Cycles whose lesson is written, so the next cycle can build on it. */
const FINISHED = ['learned', 'closed'];

/**
 * One programme: the aim, the progress score with the evidence behind it (and a lead's override), the driver diagram
 * as an outline and as a left-to-right diagram, the PDSA ramps per change idea, and forms to grow the tree.
 */
@Component({
  selector: 'kz-programme-page',
  imports: [
    FORMAT_PIPES,
    FieldErrorPipe,
    MatButton,
    MatError,
    MatFormField,
    MatInput,
    MatLabel,
    MessagePipe,
    NgTemplateOutlet,
    ProgrammeRhythmComponent,
    ProgressBadgeComponent,
    ReactiveFormsModule,
    RouterLink,
    TranslatePipe,
  ],
  providers: [ProgrammeStore],
  templateUrl: './programme-page.component.html',
  styleUrl: './programmes.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProgrammePageComponent implements OnInit {
  /** Route parameter. */
  readonly id = input.required<string>();

  protected readonly store = inject(ProgrammeStore);
  private readonly session = inject(SessionStore);
  private readonly api = inject(Api);
  private readonly translate = inject(TranslateService);
  private readonly formats = inject(Formats);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly svg = viewChild<ElementRef<SVGSVGElement>>('diagram');

  protected readonly scores = progressScores;
  protected readonly bandOf = bandOf;
  protected readonly programme = this.store.programme;
  protected readonly canWrite = computed(() => this.session.can('experiments.write'));
  protected readonly mayOverride = computed(() => {
    const p = this.programme();
    return !!p && (this.session.role() === 'org_admin' || p.ownerId === this.session.me()?.membershipId);
  });
  protected readonly drivers = computed(() =>
    (this.programme()?.nodes ?? []).filter((n) => n.kind !== 'change-idea'),
  );
  protected readonly ideas = computed(() =>
    (this.programme()?.nodes ?? []).filter((n) => n.kind === 'change-idea'),
  );
  protected readonly layout = computed(() => {
    const p = this.programme();
    return p ? layoutDiagram(p.aim?.statement ?? p.title, p.nodes) : null;
  });
  /** The outline as nested lists: the children of each node (the aim's under null). */
  protected readonly childrenOf = computed(() => {
    const map = new Map<string | null, DriverNodeDto[]>();
    for (const node of this.programme()?.nodes ?? [])
      map.set(node.parentId, [...(map.get(node.parentId) ?? []), node]);
    return map;
  });
  /** The node whose "move to…" form is open, and what that form says after a refusal. */
  protected readonly moving = signal<string | null>(null);
  protected readonly moveMessage = signal<FormMessage | null>(null);
  protected readonly experiments = signal<readonly ExperimentSummaryDto[]>([]);
  protected readonly message = signal<FormMessage | null>(null);
  protected readonly loadError = computed(() => {
    const problem = this.store.state.error();
    return problem ? problemMessage(problem, { notFound: 'programmes.notFound' }) : null;
  });

  protected readonly nodeForm = this.fb.group({
    kind: ['primary-driver', Validators.required],
    parentId: [''],
    title: ['', [Validators.required, Validators.maxLength(300)]],
  });
  protected readonly nodeSubmit = new FormSubmit(this.nodeForm, {
    toProblem: (error) => worded(toApiProblem(error), this.translate),
    host: this.host.nativeElement,
    context: { forbidden: 'programmes.forbidden' },
  });
  protected readonly linkForm = this.fb.group({
    nodeId: ['', Validators.required],
    experimentId: ['', Validators.required],
  });
  protected readonly linkSubmit = new FormSubmit(this.linkForm, {
    toProblem: (error) => worded(toApiProblem(error), this.translate),
    host: this.host.nativeElement,
    context: { forbidden: 'programmes.forbidden', notFound: 'programmes.experimentNotFound' },
  });
  protected readonly overrideForm = this.fb.group({
    score: [3 as number, Validators.required],
    reason: ['', [Validators.required, Validators.minLength(10), Validators.maxLength(2000)]],
  });
  protected readonly overrideSubmit = new FormSubmit(this.overrideForm, {
    toProblem: toApiProblem,
    host: this.host.nativeElement,
    context: { forbidden: 'programmes.override.forbidden' },
  });

  constructor() {
    // Where a node may hang depends on its kind: a new kind clears the parent's refusal.
    this.nodeForm.controls.kind.valueChanges.subscribe(() =>
      this.nodeForm.controls.parentId.updateValueAndValidity(),
    );
  }

  async ngOnInit(): Promise<void> {
    await this.store.load(this.id());
    if (this.canWrite()) {
      const page = await this.api.invoke(listExperiments, { limit: 100 });
      this.experiments.set(page.items);
    }
  }

  protected children(parentId: string | null): DriverNodeDto[] {
    return this.childrenOf().get(parentId) ?? [];
  }

  /**
   * The drivers a node may move under, by the tree rules the API applies (its own subtree and its current parent left
   * out). A primary driver hangs under the aim only, so it has none.
   */
  protected targets(node: DriverNodeDto): DriverNodeDto[] {
    const tree = this.programme()?.nodes ?? [];
    return this.drivers().filter(
      (d) => d.id !== node.parentId && d.id !== node.id && placementProblem(tree, node, d.id) === null,
    );
  }

  protected openMove(node: DriverNodeDto): void {
    this.moveMessage.set(null);
    this.moving.set(node.id);
    // The form replaces the button: keyboard focus goes to its choice.
    setTimeout(() =>
      this.host.nativeElement.querySelector<HTMLSelectElement>(`#kz-move-${node.id}`)?.focus(),
    );
  }

  protected closeMove(node: DriverNodeDto): void {
    this.moving.set(null);
    this.moveMessage.set(null);
    setTimeout(() =>
      this.host.nativeElement.querySelector<HTMLButtonElement>(`[data-testid="move-${node.id}"]`)?.focus(),
    );
  }

  protected async move(node: DriverNodeDto, parentId: string): Promise<void> {
    if (!parentId) return;
    this.moveMessage.set(null);
    try {
      await this.store.updateNode(node.id, { parentId });
      this.closeMove(node);
    } catch (error) {
      this.moveMessage.set(programmeMessage(toApiProblem(error), { forbidden: 'programmes.forbidden' }));
    }
  }

  /** A reason's figures in the page's language: numbers and dates as the locale writes them, the chart rule named. */
  protected reasonParams(reason: ProgressReasonDto): Record<string, string> {
    const worded: Record<string, string> = {};
    for (const [key, value] of Object.entries(reason.params))
      worded[key] = typeof value === 'number' ? this.formats.number(value) : value;
    const { chart, rule, period } = reason.params;
    if (typeof chart === 'string')
      worded['chart'] = this.translate.instant(`programmes.reasons.charts.${chart}`);
    if (typeof rule === 'string') worded['rule'] = this.translate.instant(`measures.rules.${rule}`);
    if (typeof period === 'string') worded['period'] = this.formats.day(period);
    return worded;
  }

  /** A finished cycle whose decision is still open: adopt, adapt or abandon is asked here. */
  protected awaitsDecision(test: ProgrammeTestDto): boolean {
    return test.decision === null && FINISHED.includes(test.status);
  }

  protected async addNode(): Promise<void> {
    const v = this.nodeForm.getRawValue();
    const done = await this.nodeSubmit.run(() =>
      this.store.addNode({
        kind: v.kind as DriverNodeDto['kind'],
        parentId: v.parentId || null,
        title: v.title.trim(),
      }),
    );
    if (done) this.nodeForm.controls.title.reset();
  }

  protected async link(): Promise<void> {
    const v = this.linkForm.getRawValue();
    const done = await this.linkSubmit.run(() => this.store.link(v.nodeId, v.experimentId));
    if (done) this.linkForm.controls.experimentId.reset();
  }

  protected async remove(node: DriverNodeDto): Promise<void> {
    await this.act(() => this.store.deleteNode(node.id));
  }

  protected async decide(test: ProgrammeTestDto, decision: 'adopt' | 'adapt' | 'abandon'): Promise<void> {
    await this.act(() => this.store.decide({ fromExperimentId: test.experimentId, decision }));
  }

  protected async override(): Promise<void> {
    const v = this.overrideForm.getRawValue();
    await this.overrideSubmit.run(() =>
      this.store.override({ score: Number(v.score) as OverrideDto['score'], reason: v.reason.trim() }),
    );
  }

  protected async clearOverride(): Promise<void> {
    await this.act(() => this.store.clearOverride());
  }

  protected exportSvg(): void {
    const svg = this.svgText();
    if (svg) downloadText(svg, 'driver-diagram.svg', 'image/svg+xml');
  }

  /** Draws the SVG on a canvas at twice the size, for a sharp PNG. */
  protected async exportPng(): Promise<void> {
    const svg = this.svgText();
    const layout = this.layout();
    if (!svg || !layout) return;
    const image = new Image();
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(layout.width * 2);
    canvas.height = Math.ceil(layout.height * 2);
    const context = canvas.getContext('2d');
    if (!context) return;
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.scale(2, 2);
    context.drawImage(image, 0, 0);
    const link = document.createElement('a');
    link.href = canvas.toDataURL('image/png');
    link.download = 'driver-diagram.png';
    link.click();
  }

  protected exportCsv(): void {
    const p = this.programme();
    if (!p) return;
    const depth = new Map<string, number>();
    for (const n of p.nodes) depth.set(n.id, n.parentId ? (depth.get(n.parentId) ?? 0) + 1 : 1);
    const csv = diagramCsv(
      p.aim?.statement ?? p.title,
      p.nodes.map((n) => ({ ...n, depth: depth.get(n.id) })),
      (kind) => this.translate.instant(`programmes.kinds.${kind}`),
    );
    downloadText(csv, 'driver-diagram.csv');
  }

  private svgText(): string | null {
    const element = this.svg()?.nativeElement;
    if (!element) return null;
    const clone = element.cloneNode(true) as SVGSVGElement;
    clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
    return new XMLSerializer().serializeToString(clone);
  }

  private async act(call: () => Promise<unknown>): Promise<void> {
    this.message.set(null);
    try {
      await call();
    } catch (error) {
      this.message.set(programmeMessage(toApiProblem(error), { forbidden: 'programmes.forbidden' }));
    }
  }
}
