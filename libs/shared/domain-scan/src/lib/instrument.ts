/**
 * The learning-capability scan: statements on Senge's five disciplines and Bersin's six
 * success areas, answered on a five-point agreement scale.
 *
 * An instrument is versioned. A scan pins the version it was opened with and is always scored
 * against that version, so adding a statement later never changes an earlier scan's results.
 */

export const disciplines = [
  'shared_vision',
  'mental_models',
  'personal_mastery',
  'team_learning',
  'systems_thinking',
] as const;
export const successAreas = [
  'building_trust',
  'value_of_learning',
  'empowering_people',
  'sharing_knowledge',
  'learning_reflection',
  'organisational_support',
] as const;
export const dimensions = [...disciplines, ...successAreas] as const;

export type Discipline = (typeof disciplines)[number];
export type SuccessArea = (typeof successAreas)[number];
export type Dimension = (typeof dimensions)[number];

export function isDimension(value: unknown): value is Dimension {
  return typeof value === 'string' && (dimensions as readonly string[]).includes(value);
}

/** Whether a dimension is one of Senge's disciplines or one of Bersin's success areas. */
export function frameworkOf(dimension: Dimension): 'senge' | 'bersin' {
  return (disciplines as readonly string[]).includes(dimension) ? 'senge' : 'bersin';
}

/** 1 = strongly disagree … 5 = strongly agree. */
export const SCALE = [1, 2, 3, 4, 5] as const;
export type ScaleValue = (typeof SCALE)[number];

export function isScaleValue(value: unknown): value is ScaleValue {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 5;
}

export interface Statement {
  /** Stable within an instrument's history: built-in ids such as `sv1`, custom ones a UUID. */
  id: string;
  dimension: Dimension;
  en: string;
  nl: string;
  /** Added by the organisation's admins rather than part of the built-in set. */
  custom?: boolean;
}

export interface Instrument {
  version: number;
  statements: Statement[];
}

const s = (id: string, dimension: Dimension, en: string, nl: string): Statement => ({
  id,
  dimension,
  en,
  nl,
});

/** The built-in statements: three per dimension, 33 in all. */
export const INSTRUMENT_V1: Instrument = {
  version: 1,
  statements: [
    s(
      'sv1',
      'shared_vision',
      'I know what our organisation wants to achieve in the coming years.',
      'Ik weet wat onze organisatie de komende jaren wil bereiken.',
    ),
    s(
      'sv2',
      'shared_vision',
      'I can see how my own work contributes to where we are heading.',
      'Ik zie hoe mijn eigen werk bijdraagt aan waar we naartoe willen.',
    ),
    s(
      'sv3',
      'shared_vision',
      'People here had a real say in shaping our goals.',
      'Medewerkers hebben hier echt meegepraat over onze doelen.',
    ),

    s(
      'mm1',
      'mental_models',
      'We question our assumptions when results turn out differently than we expected.',
      'We stellen onze aannames ter discussie als resultaten anders uitpakken dan we dachten.',
    ),
    s(
      'mm2',
      'mental_models',
      'It is fine here to challenge the way things have always been done.',
      'Het is hier prima om vraagtekens te zetten bij hoe het altijd al ging.',
    ),
    s(
      'mm3',
      'mental_models',
      'Before we decide, we look at the situation from several points of view.',
      'Voordat we besluiten, bekijken we de situatie vanuit verschillende kanten.',
    ),

    s(
      'pm1',
      'personal_mastery',
      'I have enough room to develop myself in my work.',
      'Ik krijg genoeg ruimte om me in mijn werk te ontwikkelen.',
    ),
    s(
      'pm2',
      'personal_mastery',
      'I regularly set myself goals to get better at what I do.',
      'Ik stel mezelf regelmatig doelen om beter te worden in mijn vak.',
    ),
    s(
      'pm3',
      'personal_mastery',
      'I get feedback that helps me grow.',
      'Ik krijg feedback waar ik echt van groei.',
    ),

    s(
      'tl1',
      'team_learning',
      'In our team we openly discuss what went wrong and what we can learn from it.',
      'In ons team bespreken we openlijk wat er misging en wat we daarvan kunnen leren.',
    ),
    s(
      'tl2',
      'team_learning',
      'We regularly take time as a team to reflect on how we work.',
      'We nemen als team regelmatig de tijd om stil te staan bij hoe we werken.',
    ),
    s(
      'tl3',
      'team_learning',
      'In our team, every voice is heard before we decide.',
      'In ons team wordt iedereen gehoord voordat we een besluit nemen.',
    ),

    s(
      'st1',
      'systems_thinking',
      'I understand how my work affects other teams and departments.',
      'Ik begrijp hoe mijn werk doorwerkt in andere teams en afdelingen.',
    ),
    s(
      'st2',
      'systems_thinking',
      'When solving a problem, we look for causes beyond our own team.',
      'Bij een probleem zoeken we ook naar oorzaken buiten ons eigen team.',
    ),
    s(
      'st3',
      'systems_thinking',
      'We consider the long-term effects of our decisions, not just quick wins.',
      'We kijken naar de effecten van onze besluiten op de lange termijn, niet alleen naar snelle winst.',
    ),

    s(
      'bt1',
      'building_trust',
      'I can make a mistake here without being held against it.',
      'Ik kan hier een fout maken zonder dat die me wordt aangerekend.',
    ),
    s(
      'bt2',
      'building_trust',
      'I dare to raise problems or difficult issues.',
      'Ik durf problemen en lastige kwesties aan te kaarten.',
    ),
    s(
      'bt3',
      'building_trust',
      'I trust that my manager supports me when an experiment does not work out.',
      'Ik vertrouw erop dat mijn leidinggevende achter me staat als een experiment niet uitpakt.',
    ),

    s(
      'vl1',
      'value_of_learning',
      'Leadership shows that learning matters, not only results.',
      'De leiding laat zien dat leren ertoe doet, niet alleen resultaten.',
    ),
    s(
      'vl2',
      'value_of_learning',
      'We can see what our improvements actually deliver.',
      'We zien wat onze verbeteringen daadwerkelijk opleveren.',
    ),
    s(
      'vl3',
      'value_of_learning',
      'Learning is recognised and appreciated here.',
      'Leren wordt hier gezien en gewaardeerd.',
    ),

    s(
      'ep1',
      'empowering_people',
      'I can start an improvement myself without asking permission for everything.',
      'Ik kan zelf een verbetering starten zonder overal toestemming voor te vragen.',
    ),
    s(
      'ep2',
      'empowering_people',
      'I have a say in how I do my work.',
      'Ik heb invloed op hoe ik mijn werk doe.',
    ),
    s(
      'ep3',
      'empowering_people',
      'Decisions are made as close as possible to the work itself.',
      'Besluiten worden zo dicht mogelijk bij het werk zelf genomen.',
    ),

    s(
      'sk1',
      'sharing_knowledge',
      'I know where to find what other teams have learned.',
      'Ik weet waar ik kan vinden wat andere teams hebben geleerd.',
    ),
    s(
      'sk2',
      'sharing_knowledge',
      'We share what works with other teams.',
      'We delen met andere teams wat werkt.',
    ),
    s(
      'sk3',
      'sharing_knowledge',
      'We build on lessons from other teams instead of reinventing the wheel.',
      'We bouwen voort op lessen van andere teams in plaats van zelf het wiel opnieuw uit te vinden.',
    ),

    s(
      'lr1',
      'learning_reflection',
      'After a project or experiment we take time to look back on what we learned.',
      'Na een project of experiment blikken we terug op wat we hebben geleerd.',
    ),
    s(
      'lr2',
      'learning_reflection',
      'Lessons learned actually lead to changes in how we work.',
      'Geleerde lessen leiden echt tot veranderingen in hoe we werken.',
    ),
    s(
      'lr3',
      'learning_reflection',
      'I have time in my working week to think about how things could be better.',
      'Ik heb in mijn werkweek tijd om na te denken over hoe het beter kan.',
    ),

    s(
      'os1',
      'organisational_support',
      'There is time and money for improvement experiments.',
      'Er is tijd en geld voor verbeterexperimenten.',
    ),
    s(
      'os2',
      'organisational_support',
      'Our processes and systems make it easy to learn and improve.',
      'Onze processen en systemen maken het makkelijk om te leren en te verbeteren.',
    ),
    s(
      'os3',
      'organisational_support',
      'A good idea for an improvement gets a quick decision here.',
      'Een goed verbeteridee krijgt hier snel een besluit.',
    ),
  ],
};

export const COMMENT_MAX_LENGTH = 2_000;
export const STATEMENT_MAX_LENGTH = 300;

/** The next version of an instrument with one more statement; the earlier version stays as it was. */
export function withStatement(instrument: Instrument, statement: Statement): Instrument {
  if (instrument.statements.some((existing) => existing.id === statement.id))
    throw new Error(`statement ${statement.id} already exists`);
  return {
    version: instrument.version + 1,
    statements: [...instrument.statements, { ...statement, custom: true }],
  };
}

/** A problem with a submitted answer sheet, as field and rule. */
export interface AnswerProblem {
  field: string;
  rule: 'required' | 'scale' | 'unknown' | 'maxLength';
  message: string;
}

/**
 * Checks an answer sheet against the pinned instrument: every statement answered on the
 * five-point scale, no statement that the instrument does not have, a comment of bounded length.
 */
export function checkAnswers(
  instrument: Instrument,
  answers: Record<string, unknown>,
  comment?: string | null,
): AnswerProblem[] {
  const problems: AnswerProblem[] = [];
  const known = new Set(instrument.statements.map((statement) => statement.id));
  for (const statement of instrument.statements) {
    const value = answers[statement.id];
    if (value === undefined || value === null)
      problems.push({
        field: `answers.${statement.id}`,
        rule: 'required',
        message: `answer statement ${statement.id}`,
      });
    else if (!isScaleValue(value))
      problems.push({
        field: `answers.${statement.id}`,
        rule: 'scale',
        message: 'an answer is a whole number from 1 to 5',
      });
  }
  for (const id of Object.keys(answers)) {
    if (!known.has(id))
      problems.push({
        field: `answers.${id}`,
        rule: 'unknown',
        message: `statement ${id} is not part of this scan`,
      });
  }
  if (comment && comment.length > COMMENT_MAX_LENGTH)
    problems.push({
      field: 'comment',
      rule: 'maxLength',
      message: `at most ${COMMENT_MAX_LENGTH} characters`,
    });
  return problems;
}
