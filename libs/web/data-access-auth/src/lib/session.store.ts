import { HttpContext, HttpContextToken, HttpErrorResponse } from '@angular/common/http';
import { Injectable, PLATFORM_ID, computed, inject, signal } from '@angular/core';
import { isPlatformServer } from '@angular/common';
import { Permission, Role, can } from '@kaizen/shared/domain-access';
import {
  AcceptInvitationDto,
  Api,
  MeDto,
  RefreshedSessionDto,
  SecondFactorDto,
  SessionDto,
  SignInDto,
  SignUpDto,
  TwoFactorChallengeDto,
  TwoFactorEnrolmentDto,
  acceptInvitation,
  confirmPasswordReset,
  getMe,
  refreshSession,
  signIn,
  signInSecondFactor,
  signOut,
  signUp,
  startSignInTwoFactorEnrolment,
  switchOrganisation,
} from '@kaizen/web/data-access-api';

/** `restoring` until the first refresh has answered; then one of the other two. */
export type SessionStatus = 'restoring' | 'signedIn' | 'signedOut';

/**
 * Marks a request the session interceptor must not answer a 401 to with a refresh: the store's
 * own `me` read during a refresh would otherwise wait for the refresh it is part of.
 */
export const SKIP_SESSION_REFRESH = new HttpContextToken<boolean>(() => false);

/** Serialises refreshes across this browser's tabs: a refresh token is single-use. */
const REFRESH_LOCK = 'kz-session-refresh';

/**
 * Who is signed in, where, and with which role: a signal store over the generated client.
 *
 * The access token lives in memory only. The refresh token is an httpOnly cookie scoped to
 * `/api/auth` that the browser sends by itself; script never sees it. A new tab or a reload
 * restores the session with one refresh, whose answer also says who is signed in.
 */
@Injectable({ providedIn: 'root' })
export class SessionStore {
  private readonly api = inject(Api);
  private readonly onServer = isPlatformServer(inject(PLATFORM_ID));

  private readonly statusState = signal<SessionStatus>('restoring');
  private readonly sessionState = signal<SessionDto | null>(null);
  private readonly meState = signal<MeDto | null>(null);
  private restoring: Promise<void> | null = null;
  private refreshing: Promise<boolean> | null = null;

  readonly status = this.statusState.asReadonly();
  readonly me = this.meState.asReadonly();
  readonly signedIn = computed(() => this.statusState() === 'signedIn');
  readonly accessToken = computed(() => this.sessionState()?.accessToken ?? null);
  /** The role in the current organisation, as the access token carries it. */
  readonly role = computed<Role | null>(() => this.sessionState()?.role ?? null);
  /** The organisation this session acts in, with its name. */
  readonly organisation = computed(() => {
    const me = this.meState();
    return me?.memberships.find((membership) => membership.organisationId === me.organisationId) ?? null;
  });
  readonly memberships = computed(() => this.meState()?.memberships ?? []);
  /** The currency the organisation keeps its amounts in. */
  readonly currency = computed(() => this.organisation()?.currency ?? 'EUR');

  /** Whether the signed-in person may do this, by the product's one permission matrix (a lead's or head's placement included). */
  can(permission: Permission): boolean {
    const role = this.role();
    return role !== null && can(role, permission, this.meState()?.leadsOrHeads ?? false);
  }

  /** Tries once to pick up a session from the refresh cookie. Safe to call again: it runs once. */
  restore(): Promise<void> {
    // A page rendered ahead (the build's prerender) has no cookie: it shows what a browser shows while restoring.
    if (this.onServer) return Promise.resolve();
    this.restoring ??= this.refresh().then(
      () => undefined,
      () => undefined,
    );
    return this.restoring;
  }

  async signUp(body: SignUpDto): Promise<void> {
    await this.start(await this.api.invoke(signUp, { body }));
  }

  /** The password step: signed in (null), or the challenge of a second step for accounts with a second factor. */
  async signIn(body: SignInDto): Promise<TwoFactorChallengeDto | null> {
    const outcome = await this.api.invoke(signIn, { body });
    if ('challengeToken' in outcome) {
      return outcome;
    }
    await this.start(outcome);
    return null;
  }

  /** The second step; answers the recovery codes when the account set up its second factor in it (shown once). */
  async signInSecondFactor(body: SecondFactorDto): Promise<string[] | null> {
    const session = await this.api.invoke(signInSecondFactor, { body });
    await this.start(session);
    return session.recoveryCodes ?? null;
  }

  /** When the organisation requires a second factor the account lacks: the secret to add to an app, shown once. */
  startSignInEnrolment(challengeToken: string): Promise<TwoFactorEnrolmentDto> {
    return this.api.invoke(startSignInTwoFactorEnrolment, { body: { challengeToken } });
  }

  /** Joins; an existing account with a second factor gets the challenge of a second step instead (null: signed in). */
  async acceptInvitation(body: AcceptInvitationDto): Promise<TwoFactorChallengeDto | null> {
    const outcome = await this.api.invoke(acceptInvitation, { body });
    if ('challengeToken' in outcome) {
      return outcome;
    }
    await this.start(outcome);
    return null;
  }

  async switchOrganisation(organisationId: string): Promise<void> {
    await this.start(await this.api.invoke(switchOrganisation, { body: { organisationId } }));
  }

  /** Ends the session on this device. Local state goes even when the API cannot be reached. */
  async signOut(): Promise<void> {
    try {
      await this.api.invoke(signOut);
    } catch {
      // The cookie then lives on until it expires; nothing here can remove an httpOnly cookie.
    } finally {
      this.clear();
    }
  }

  /** Sets a new password. The API ends every session of the account, this one included. */
  async confirmPasswordReset(token: string, password: string): Promise<void> {
    await this.api.invoke(confirmPasswordReset, { body: { token, password } });
    if (this.statusState() !== 'restoring') {
      this.clear();
    }
  }

  /**
   * Trades the refresh cookie for a new access token; true when that worked. Calls made while
   * one is under way share it, and tabs take turns, since each refresh token works only once.
   */
  refresh(): Promise<boolean> {
    this.refreshing ??= withLock(() => this.runRefresh()).finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  /** Forgets the session in this tab. */
  clear(): void {
    this.sessionState.set(null);
    this.meState.set(null);
    this.statusState.set('signedOut');
  }

  private async runRefresh(): Promise<boolean> {
    let refreshed: RefreshedSessionDto;
    try {
      refreshed = await this.api.invoke(refreshSession);
    } catch (error) {
      if (
        !(error instanceof HttpErrorResponse) ||
        error.status === 401 ||
        this.statusState() === 'restoring'
      ) {
        this.clear();
      }
      return false;
    }
    // The answer says who it is: a restored session is signed in after one round trip, not two.
    const { me, ...session } = refreshed;
    this.sessionState.set(session);
    // Unchanged, the same object: what reads `me` (a page's filters) does not run again at each refresh.
    if (JSON.stringify(me) !== JSON.stringify(this.meState())) this.meState.set(me);
    this.statusState.set('signedIn');
    return true;
  }

  /** Takes a fresh session and reads who it belongs to before anyone sees it as signed in. */
  private async start(session: SessionDto): Promise<void> {
    this.sessionState.set(session);
    try {
      const me = await this.api.invoke(getMe, undefined, new HttpContext().set(SKIP_SESSION_REFRESH, true));
      this.meState.set(me);
      this.statusState.set('signedIn');
    } catch (error) {
      this.clear();
      throw error;
    }
  }
}

function withLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  return locks ? (locks.request(REFRESH_LOCK, task) as Promise<T>) : task();
}
