/** The signed-in person, as the shell shows them. */
export interface ShellAccount {
  readonly displayName: string;
  readonly email: string;
  /** Role key in the current organisation: `member`, `team_lead`, `department_head`, `org_admin`. */
  readonly role: string;
  readonly organisationId: string;
  readonly organisationName: string;
}

/** An organisation the person may switch to. */
export interface ShellOrganisation {
  readonly id: string;
  readonly name: string;
}

/** A language the app speaks, labelled in that language itself ("Nederlands"). */
export interface ShellLanguage {
  readonly code: string;
  readonly label: string;
}
