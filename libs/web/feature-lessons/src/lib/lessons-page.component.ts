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
import { FormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import { disciplines, recommendations, verdicts } from '@kaizen/shared/domain-experiment';
import { toApiProblem } from '@kaizen/web/data-access-api';
import type { LessonDto } from '@kaizen/web/data-access-api/operations';
import { SessionStore } from '@kaizen/web/data-access-auth';
import { StructureStore } from '@kaizen/web/data-access-admin';
import { LessonsStore } from '@kaizen/web/data-access-experiments';
import { FormMessage, MessagePipe, downloadText, problemMessage } from '@kaizen/web/ui-kit';
import { FORMAT_PIPES, LanguageService, TranslatePipe } from '@kaizen/web/util-i18n';
import { activeFilterCount } from './lesson-filters';

/** The lessons library: search in Dutch and English, filters, and adoption by another team. */
@Component({
  selector: 'kz-lessons-page',
  imports: [
    FORMAT_PIPES,
    FormsModule,
    MatButton,
    MatFormField,
    MatInput,
    MatLabel,
    MessagePipe,
    RouterLink,
    TranslatePipe,
  ],
  templateUrl: './lessons-page.component.html',
  styleUrl: './lessons-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LessonsPageComponent implements OnInit {
  readonly q = input<string | undefined>(undefined);
  readonly verdict = input<string | undefined>(undefined);
  readonly recommendation = input<string | undefined>(undefined);
  readonly discipline = input<string | undefined>(undefined);
  readonly teamId = input<string | undefined>(undefined);

  protected readonly store = inject(LessonsStore);
  protected readonly structure = inject(StructureStore);
  protected readonly session = inject(SessionStore);
  protected readonly language = inject(LanguageService);
  private readonly router = inject(Router);

  protected readonly verdicts = verdicts;
  protected readonly recommendations = recommendations;
  protected readonly disciplines = disciplines;
  protected readonly search = signal('');
  /** On a phone the filters fold behind a toggle; wider screens always show them. */
  protected readonly filtersOpen = signal(false);
  protected readonly activeFilters = computed(() =>
    activeFilterCount({
      verdict: this.verdict(),
      recommendation: this.recommendation(),
      discipline: this.discipline(),
      teamId: this.teamId(),
    }),
  );
  /** Chosen team per lesson in the adopt form. */
  protected readonly adoptTeam = signal<Readonly<Record<string, string>>>({});
  protected readonly adoptMessage = signal<Readonly<Record<string, FormMessage | null>>>({});
  protected readonly adopted = signal<Readonly<Record<string, string>>>({});
  protected readonly adopting = signal<string | null>(null);
  protected readonly message = signal<FormMessage | null>(null);
  protected readonly loadError = computed(() => {
    const problem = this.store.error();
    return problem ? problemMessage(problem) : null;
  });

  /** Teams one may adopt for: one's own (an admin: any). */
  private readonly adoptableTeams = computed(() => {
    const mine = this.structure.teamsOf(this.session.me()?.membershipId);
    return this.session.role() === 'org_admin' ? this.structure.teams() : mine;
  });

  constructor() {
    effect(() => {
      const filter = {
        q: this.q() || undefined,
        verdict: (this.verdict() || undefined) as never,
        recommendation: (this.recommendation() || undefined) as never,
        discipline: (this.discipline() || undefined) as never,
        teamId: this.teamId() || undefined,
      };
      untracked(() => {
        this.search.set(this.q() ?? '');
        void this.store.load(filter);
      });
    });
  }

  ngOnInit(): void {
    void this.structure.load();
  }

  protected teamsFor(lesson: LessonDto) {
    return this.adoptableTeams().filter((team) => team.id !== lesson.teamId);
  }

  protected filterBy(changes: Record<string, string | null>): void {
    void this.router.navigate([], { queryParams: changes, queryParamsHandling: 'merge', replaceUrl: true });
  }

  protected chooseTeam(lesson: LessonDto, teamId: string): void {
    this.adoptTeam.update((m) => ({ ...m, [lesson.id]: teamId }));
  }

  protected async adopt(lesson: LessonDto): Promise<void> {
    const teamId = this.adoptTeam()[lesson.id] ?? this.teamsFor(lesson)[0]?.id;
    if (!teamId) return;
    this.adopting.set(lesson.id);
    this.adoptMessage.update((m) => ({ ...m, [lesson.id]: null }));
    try {
      const followUp = await this.store.adopt(lesson, teamId);
      this.adopted.update((m) => ({ ...m, [lesson.id]: followUp.id }));
    } catch (error) {
      const message = problemMessage(toApiProblem(error), {
        conflict: 'lessons.adoptConflict',
        forbidden: 'lessons.adoptForbidden',
      });
      this.adoptMessage.update((m) => ({ ...m, [lesson.id]: message }));
    } finally {
      this.adopting.set(null);
    }
  }

  protected async exportCsv(): Promise<void> {
    try {
      downloadText(await this.store.exportCsv(), 'lessons.csv');
    } catch (error) {
      this.message.set(problemMessage(toApiProblem(error)));
    }
  }
}
