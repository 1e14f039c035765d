import { Injectable } from '@nestjs/common';
import { Db } from '@kaizen/api/data-access-db';

/** What an account without a password stores: no hash verifies against it, so only SSO or a reset lets them in. */
const NO_PASSWORD = '';

/**
 * People's accounts as every way in meets them (sign-up, an accepted invitation, a first SSO sign-in, SCIM):
 * found by e-mail whatever its case, and created once, in one place.
 */
@Injectable()
export class AccountsDirectory {
  constructor(private readonly db: Db) {}

  findByEmail(email: string) {
    return this.db
      .selectFrom('app_user')
      .select(['id', 'email', 'password_hash', 'display_name', 'locale'])
      .where((eb) => eb(eb.fn('lower', ['email']), '=', eb.fn('lower', [eb.val(email)])))
      .executeTakeFirst();
  }

  /** Without `passwordHash` the account has no password (provisioned, or SSO only). */
  async create(account: {
    id: string;
    email: string;
    displayName: string;
    locale: string;
    passwordHash?: string;
  }): Promise<void> {
    await this.db
      .insertInto('app_user')
      .values({
        id: account.id,
        email: account.email,
        password_hash: account.passwordHash ?? NO_PASSWORD,
        display_name: account.displayName,
        locale: account.locale,
      })
      .execute();
  }
}
