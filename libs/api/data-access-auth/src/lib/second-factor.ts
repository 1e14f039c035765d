/**
 * The second step of sign-in, as the sign-in flow sees it. `feature-two-factor` provides it under
 * `SECOND_FACTOR`, so sign-in asks for a second factor without depending on how one is kept.
 */
export const SECOND_FACTOR = Symbol('SECOND_FACTOR');

export interface SignInChallenge {
  /** `verify`: the account has a second factor; `enrol`: the organisation requires one it lacks. */
  twoFactor: 'verify' | 'enrol';
  challengeToken: string;
  expiresIn: number;
}

export interface SecondFactorAnswer {
  challengeToken: string;
  code?: string;
  recoveryCode?: string;
}

/** Who passed the second step, and where they act; the sign-in flow issues the session. */
export interface SecondFactorPassed {
  userId: string;
  organisationId: string;
  /** Set when the account set up its second factor in this step: shown once. */
  recoveryCodes?: string[];
}

export interface SecondFactor {
  /** Inside the password step's transaction, with the organisation entered: a challenge, or null when none is needed. */
  challengeFor(userId: string, organisationId: string): Promise<SignInChallenge | null>;
  /** Checks the answer to a live challenge and uses the challenge up; throws 4xx otherwise. */
  passSecondFactor(answer: SecondFactorAnswer, ip: string): Promise<SecondFactorPassed>;
}
