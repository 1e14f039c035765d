export * from './lib/two-factor.module';
export * from './lib/two-factor.service';
export { SecondFactorDto, TwoFactorChallengeDto } from './lib/two-factor.dto';
