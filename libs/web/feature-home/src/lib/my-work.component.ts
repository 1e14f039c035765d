import { ChangeDetectionStrategy, Component, OnInit, computed, inject } from '@angular/core';
import { MatAnchor } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { TranslatePipe } from '@kaizen/web/util-i18n';
import { SessionStore } from '@kaizen/web/data-access-auth';
import { ApprovalsStore, ExperimentsStore } from '@kaizen/web/data-access-experiments';
import { StatusChipComponent } from '@kaizen/web/ui-kit';

/** Home for someone signed in: my experiments, and what is due from me. */
@Component({
  selector: 'kz-my-work',
  imports: [MatAnchor, RouterLink, StatusChipComponent, TranslatePipe],
  templateUrl: './my-work.component.html',
  styleUrl: './my-work.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MyWorkComponent implements OnInit {
  protected readonly session = inject(SessionStore);
  protected readonly experiments = inject(ExperimentsStore);
  protected readonly approvals = inject(ApprovalsStore);

  protected readonly canApprove = computed(() => this.session.can('approvals.read'));
  protected readonly mine = computed(() =>
    this.experiments.items().filter((e) => e.status !== 'closed' && e.status !== 'rejected'),
  );
  protected readonly needResult = computed(() =>
    this.experiments.items().filter((e) => e.status === 'running'),
  );
  protected readonly needLesson = computed(() =>
    this.experiments.items().filter((e) => e.status === 'concluded' || e.status === 'stopped'),
  );
  protected readonly sentBack = computed(() =>
    this.experiments.items().filter((e) => e.status === 'changes_requested'),
  );
  protected readonly dueCount = computed(
    () =>
      this.needResult().length +
      this.needLesson().length +
      this.sentBack().length +
      (this.canApprove() ? this.approvals.pending().length : 0),
  );

  ngOnInit(): void {
    const ownerId = this.session.me()?.membershipId;
    void this.experiments.load({ ownerId, sort: 'updated', limit: 100 });
    if (this.canApprove()) void this.approvals.load();
  }
}
