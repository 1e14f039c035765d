import {
  ChangeDetectionStrategy,
  Component,
  OnInit,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { MatAnchor, MatButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { Router, RouterLink } from '@angular/router';
import { statuses } from '@kaizen/shared/domain-experiment';
import { Api, toApiProblem } from '@kaizen/web/data-access-api';
import { getExperiment, transitionExperiment } from '@kaizen/web/data-access-api/operations';
import { SessionStore } from '@kaizen/web/data-access-auth';
import { StructureStore } from '@kaizen/web/data-access-admin';
import { ExperimentsStore, experimentListFilter } from '@kaizen/web/data-access-experiments';
import { FormMessage, MessagePipe, problemMessage } from '@kaizen/web/ui-kit/forms';
import {
  NativeFieldDirective,
  PageHeaderComponent,
  StatusChipComponent,
  downloadText,
} from '@kaizen/web/ui-kit/list';
import { FORMAT_PIPES, LanguageService, TranslatePipe } from '@kaizen/web/util-i18n';
import { type BoardMove, ExperimentBoardComponent } from './experiment-board.component';

/**
 * Experiments as a filtered list or as a board by stage (`?view=board`). The filters are plain fields
 * (NativeFieldDirective, no FormsModule): the page people open first then does not download @angular/forms.
 */
@Component({
  selector: 'kz-experiments-page',
  imports: [
    PageHeaderComponent,
    FORMAT_PIPES,
    ExperimentBoardComponent,
    MatAnchor,
    MatButton,
    MatFormField,
    MatLabel,
    MessagePipe,
    NativeFieldDirective,
    RouterLink,
    StatusChipComponent,
    TranslatePipe,
  ],
  templateUrl: './experiments-page.component.html',
  styleUrl: './experiments-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ExperimentsPageComponent implements OnInit {
  /** Query parameters. */
  readonly view = input<string | undefined>(undefined);
  readonly status = input<string | undefined>(undefined);
  readonly teamId = input<string | undefined>(undefined);
  readonly q = input<string | undefined>(undefined);
  readonly mine = input<string | undefined>(undefined);

  protected readonly store = inject(ExperimentsStore);
  protected readonly session = inject(SessionStore);
  protected readonly structure = inject(StructureStore);
  protected readonly language = inject(LanguageService);
  private readonly api = inject(Api);
  private readonly router = inject(Router);

  protected readonly statuses = statuses;
  protected readonly board = computed(() => this.view() === 'board');
  protected readonly search = signal('');
  protected readonly busy = signal<readonly string[]>([]);
  protected readonly message = signal<FormMessage | null>(null);
  protected readonly notice = signal<{ title: string; status: string } | null>(null);
  protected readonly loadError = computed(() => {
    const problem = this.store.error();
    return problem ? problemMessage(problem) : null;
  });

  constructor() {
    // Reload whenever the URL's filters change (they are the page's state, so links and Back work).
    effect(() => {
      const filter = experimentListFilter(
        { view: this.view(), status: this.status(), teamId: this.teamId(), q: this.q(), mine: this.mine() },
        this.session.me()?.membershipId ?? null,
      );
      untracked(() => {
        this.search.set(this.q() ?? '');
        void this.store.load(filter);
      });
    });
  }

  ngOnInit(): void {
    void this.structure.loadTeams();
  }

  protected filterBy(changes: Record<string, string | null>): void {
    void this.router.navigate([], { queryParams: changes, queryParamsHandling: 'merge', replaceUrl: true });
  }

  protected async exportCsv(): Promise<void> {
    try {
      downloadText(await this.store.exportCsv(), 'experiments.csv');
    } catch (error) {
      this.message.set(problemMessage(toApiProblem(error)));
    }
  }

  /** A card dropped on the next stage: take that transition, then show the card where it landed. */
  protected async moved({ item, transition }: BoardMove): Promise<void> {
    this.busy.update((ids) => [...ids, item.id]);
    this.message.set(null);
    this.notice.set(null);
    try {
      const fresh = await this.api.invoke(getExperiment, { id: item.id });
      const moved = await this.api.invoke(transitionExperiment, {
        id: item.id,
        body: { transition, version: fresh.version },
      });
      this.store.replace({
        ...item,
        status: moved.status,
        version: moved.version,
        updatedAt: moved.updatedAt,
        verdict: moved.verdict,
      });
      this.notice.set({ title: item.title, status: moved.status });
    } catch (error) {
      const problem = toApiProblem(error);
      this.message.set(
        problem.errors.length > 0
          ? { key: 'experiments.board.incomplete', params: { title: item.title } }
          : problemMessage(problem, {
              conflict:
                transition === 'conclude'
                  ? 'experiments.board.needsResult'
                  : transition === 'learn'
                    ? 'experiments.board.needsLesson'
                    : 'experiments.stale',
              forbidden: 'experiments.forbidden',
            }),
      );
    } finally {
      this.busy.update((ids) => ids.filter((id) => id !== item.id));
    }
  }
}
