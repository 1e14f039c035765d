import { Injectable } from '@nestjs/common';

/** A password sign-in about to act in an organisation. */
export interface PasswordSignInAttempt {
  userId: string;
  organisationId: string;
  membershipId: string;
  ip: string;
}

/** A session (refresh-token family) about to be continued in an organisation. */
export interface ContinuingSession {
  familyId: string;
  userId: string;
  organisationId: string;
}

/**
 * What another way of signing in (single sign-on) adds to the password and session paths, without the
 * password code knowing about it. Each method runs inside the caller's transaction.
 */
export interface SignInRule {
  /** Throws an HttpException when the password may not be used here; runs in the organisation's scope. */
  passwordSignIn(attempt: PasswordSignInAttempt): Promise<void>;
  /** Throws an HttpException when this account may not reset its password. */
  passwordReset(userId: string): Promise<void>;
  /** False ends the session; runs in the organisation's scope. */
  sessionContinues(session: ContinuingSession): Promise<boolean>;
}

/** The rules feature modules add at start-up; the password and session code asks them all. */
@Injectable()
export class SignInRules {
  private readonly rules: SignInRule[] = [];

  add(rule: SignInRule): void {
    this.rules.push(rule);
  }

  async checkPasswordSignIn(attempt: PasswordSignInAttempt): Promise<void> {
    for (const rule of this.rules) await rule.passwordSignIn(attempt);
  }

  async checkPasswordReset(userId: string): Promise<void> {
    for (const rule of this.rules) await rule.passwordReset(userId);
  }

  async sessionContinues(session: ContinuingSession): Promise<boolean> {
    for (const rule of this.rules) if (!(await rule.sessionContinues(session))) return false;
    return true;
  }
}
