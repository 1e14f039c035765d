import { Controller, Get, HttpException, Inject, Param, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import '@fastify/cookie'; // adds setCookie and clearCookie to FastifyReply
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public, setRefreshCookie } from '@kaizen/api/data-access-auth';
import { APP_CONFIG, ProblemDetailsDto, toProblem } from '@kaizen/api/util-core';
import type { AppConfig } from '@kaizen/shared/util-config';
import { SsoSignInService } from './sso-sign-in.service';
import { SsoSlugParamDto } from './sso.dto';

/** The sealed state of a sign-in in progress; it must come back on the provider's top-level redirect, hence Lax. */
const SIGN_IN_COOKIE = 'kz_sso';
const SIGN_IN_COOKIE_PATH = '/api/auth/sso';

type CookieRequest = FastifyRequest & { cookies: Record<string, string | undefined> };

/**
 * The two browser routes of single sign-on. They answer with redirects; an error goes back to the web's
 * sign-in page (naming the rule) when a browser asked for HTML, and is problem+json otherwise.
 */
@ApiTags('auth')
@Controller('auth/sso')
export class SsoSignInController {
  constructor(
    private readonly signIn: SsoSignInService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get(':organisationSlug/start')
  @ApiOperation({
    operationId: 'startSsoSignIn',
    summary: "Send the browser to the organisation's identity provider (a redirect, for browsers)",
  })
  @ApiResponse({ status: 303, description: "To the identity provider's authorisation endpoint" })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'No organisation signs in with that name' })
  @ApiResponse({ status: 424, type: ProblemDetailsDto, description: 'The identity provider does not answer' })
  async start(
    @Param() params: SsoSlugParamDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.browserAware(request, reply, async () => {
      const { location, pending } = await this.signIn.start(params.organisationSlug, request.ip);
      reply.setCookie(SIGN_IN_COOKIE, pending, {
        httpOnly: true,
        secure: this.config.COOKIE_SECURE,
        sameSite: 'lax',
        path: SIGN_IN_COOKIE_PATH,
        maxAge: 600,
      });
      return location;
    });
  }

  @Public()
  @Get('callback')
  @ApiOperation({
    operationId: 'finishSsoSignIn',
    summary: 'Where the identity provider sends the browser back: signs in and redirects to the app',
  })
  @ApiQuery({ name: 'code', required: false })
  @ApiQuery({ name: 'state', required: false })
  @ApiQuery({ name: 'iss', required: false })
  @ApiQuery({ name: 'error', required: false })
  @ApiResponse({ status: 303, description: 'Signed in (refresh cookie set): to the app' })
  @ApiBadRequestResponse({
    type: ProblemDetailsDto,
    description: 'Wrong state, or a code that is invalid, expired or used',
  })
  @ApiResponse({ status: 401, type: ProblemDetailsDto, description: "The provider's answer failed a check" })
  @ApiForbiddenResponse({
    type: ProblemDetailsDto,
    description: 'An e-mail domain this organisation does not allow',
  })
  async callback(@Req() request: CookieRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.browserAware(request, reply, async () => {
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      const issued = await this.signIn.finish(query, request.cookies[SIGN_IN_COOKIE], request.ip);
      setRefreshCookie(reply, issued, this.config.COOKIE_SECURE);
      return new URL('/', this.config.APP_URL).toString();
    });
  }

  private async browserAware(
    request: FastifyRequest,
    reply: FastifyReply,
    work: () => Promise<string>,
  ): Promise<void> {
    // A sign-in state is used once, whatever the outcome.
    if (request.url.startsWith(`${SIGN_IN_COOKIE_PATH}/callback`))
      reply.clearCookie(SIGN_IN_COOKIE, { path: SIGN_IN_COOKIE_PATH });
    let location: string;
    try {
      location = await work();
    } catch (error) {
      if (!(error instanceof HttpException) || !wantsHtml(request)) throw error;
      const rule = toProblem(error).errors?.[0]?.rule ?? 'failed';
      const page = new URL('/sign-in', this.config.APP_URL);
      page.searchParams.set('sso', rule);
      location = page.toString();
    }
    await reply.redirect(location, 303);
  }
}

function wantsHtml(request: FastifyRequest): boolean {
  return /text\/html/.test(String(request.headers['accept'] ?? ''));
}
