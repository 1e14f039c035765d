import type { Discipline } from '@kaizen/shared/domain-experiment';
import type { DemoExperiment } from './demo-experiments';

/**
 * Two years of a care group's improvement work, generated: each team tests its change ideas in cycles, one after
 * the other, some confirmed, some refuted, some inconclusive or stopped; good lessons are adopted by other teams.
 * The same every run (seeded), dated relative to today, never in the future except plans.
 */

interface Topic {
  team: string;
  title: string;
  problem: string;
  change: string;
  outcome: string;
  measure: string;
  metric: DemoExperiment['metric'];
  tags: string[];
  disciplines: Discipline[];
  /** What a cycle taught, by verdict. */
  insights: Record<'confirmed' | 'refuted' | 'inconclusive', string>;
  assumption: [before: string, after: string];
}

const topics: Topic[] = [
  {
    team: 'north-day',
    title: 'Vaste looproute medicatieronde',
    problem: 'De medicatieronde wordt vaak onderbroken door vragen van cliënten en collega’s.',
    change: 'een vaste looproute met een hesje "niet storen"',
    outcome: 'minder onderbrekingen tijdens de ronde',
    measure: 'onderbrekingen per ronde onder de 2',
    metric: ['Onderbrekingen', 'per ronde', 5, 2, 'decrease'],
    tags: ['medicatie', 'rust'],
    disciplines: ['team_learning'],
    insights: {
      confirmed: 'Een zichtbaar signaal werkt alleen als de hele afdeling weet wat het betekent.',
      refuted: 'Het hesje verplaatste de vragen naar na de ronde; het aantal bleef gelijk.',
      inconclusive: 'Te weinig rondes gemeten door zomerroosters; opnieuw in het najaar.',
    },
    assumption: ['Onderbrekingen komen van cliënten.', 'De meeste onderbrekingen komen van collega’s.'],
  },
  {
    team: 'north-day',
    title: 'Dagstart van tien minuten',
    problem: 'Informatie over cliënten raakt kwijt tussen de ochtenddiensten.',
    change: 'een staande dagstart van tien minuten bij het bord',
    outcome: 'minder gemiste afspraken',
    measure: 'gemiste afspraken per week onder de 3',
    metric: ['Gemiste afspraken', 'per week', 7, 3, 'decrease'],
    tags: ['overdracht', 'samenwerking'],
    disciplines: ['shared_vision', 'team_learning'],
    insights: {
      confirmed: 'Tien minuten staan is genoeg, zolang het bord actueel is.',
      refuted: 'Zonder vaste voorzitter liep de dagstart uit en haakten mensen af.',
      inconclusive: 'Het effect was er in week 1–3 en verdween daarna; oorzaak onduidelijk.',
    },
    assumption: ['Meer overleg geeft meer overzicht.', 'Korter en vaker overleg geeft meer overzicht.'],
  },
  {
    team: 'north-night',
    title: 'Nachtronde op maat',
    problem: 'Cliënten worden ’s nachts wakker van controles die niet nodig zijn.',
    change: 'een nachtronde per cliënt afgestemd op het slaapprofiel',
    outcome: 'betere nachtrust',
    measure: 'cliënten die doorslapen boven de 70%',
    metric: ['Doorslapers', '%', 52, 70, 'increase'],
    tags: ['slaap', 'cliëntgericht'],
    disciplines: ['systems_thinking', 'mental_models'],
    insights: {
      confirmed: 'Minder controles gaf niet meer incidenten; de angst daarvoor was groter dan het risico.',
      refuted: 'De slaapprofielen waren verouderd; eerst de profielen bijwerken.',
      inconclusive: 'Doorslapen meten via de nachtlijst is te grof.',
    },
    assumption: ['Elke cliënt heeft elke twee uur controle nodig.', 'Controle hoort bij het slaapprofiel.'],
  },
  {
    team: 'north-night',
    title: 'Rustige overdracht om 7 uur',
    problem: 'De ochtendoverdracht valt samen met de eerste wekronde.',
    change: 'de overdracht een kwartier eerder, in een aparte ruimte',
    outcome: 'complete overdrachten',
    measure: 'onvolledige overdrachten per week onder de 2',
    metric: ['Onvolledige overdrachten', 'per week', 6, 2, 'decrease'],
    tags: ['overdracht'],
    disciplines: ['team_learning'],
    insights: {
      confirmed: 'Een aparte ruimte maakt de overdracht ongestoord en korter.',
      refuted: 'Een kwartier eerder botste met het vervoer van de nachtdienst.',
      inconclusive: 'Te weinig overdrachten geteld in de vakantieperiode.',
    },
    assumption: ['Tijd is het probleem.', 'Storing is het probleem, niet tijd.'],
  },
  {
    team: 'south',
    title: 'Beweegmoment na de lunch',
    problem: 'Cliënten zitten na de lunch lang stil; dat verhoogt het valrisico.',
    change: 'een dagelijks beweegmoment van een kwartier na de lunch',
    outcome: 'betere mobiliteit',
    measure: 'gemiddelde score op de mobiliteitstest',
    metric: ['Mobiliteitsscore', 'punten', 18, 22, 'increase'],
    tags: ['valpreventie', 'bewegen'],
    disciplines: ['personal_mastery'],
    insights: {
      confirmed: 'Muziek en een vaste begeleider maken het beweegmoment vanzelfsprekend.',
      refuted: 'Na de lunch is te vroeg: cliënten zijn moe. Probeer het om 15 uur.',
      inconclusive: 'De test werd door verschillende mensen afgenomen; scores niet vergelijkbaar.',
    },
    assumption: ['Cliënten willen niet bewegen.', 'Cliënten willen bewegen als het gezellig is.'],
  },
  {
    team: 'south',
    title: 'Wijkrooster in eigen beheer',
    problem: 'Ruilverzoeken kosten de planner veel tijd en geven onrust.',
    change: 'het team maakt zelf het rooster binnen vaste spelregels',
    outcome: 'minder ruilverzoeken',
    measure: 'ruilverzoeken per maand onder de 15',
    metric: ['Ruilverzoeken', 'per maand', 38, 15, 'decrease'],
    tags: ['rooster', 'autonomie'],
    disciplines: ['shared_vision', 'personal_mastery'],
    insights: {
      confirmed: 'Spelregels die het team zelf opstelt, worden beter nageleefd.',
      refuted: 'Zonder planner als vangnet bleven gaten in het weekend open.',
      inconclusive: 'Het aantal ruilverzoeken daalde, maar ook het aantal diensten.',
    },
    assumption: [
      'Roosteren is een vak voor de planner.',
      'Het team kan roosteren met een goede planner als coach.',
    ],
  },
  {
    team: 'physio',
    title: 'Oefenschema via de app',
    problem: 'Cliënten vergeten hun oefeningen tussen de behandelingen.',
    change: 'oefenvideo’s en herinneringen in een app',
    outcome: 'betere therapietrouw',
    measure: 'gedane oefeningen boven de 75%',
    metric: ['Therapietrouw', '%', 60, 75, 'increase'],
    tags: ['technologie', 'therapietrouw'],
    disciplines: ['personal_mastery', 'systems_thinking'],
    insights: {
      confirmed: 'Korte video’s van de eigen therapeut werken beter dan algemene.',
      refuted: 'Oudere cliënten gebruikten de app nauwelijks; papier werkt voor hen beter.',
      inconclusive: 'Zelfrapportage in de app overschat de therapietrouw.',
    },
    assumption: ['Cliënten vergeten oefeningen.', 'Cliënten twijfelen of ze het goed doen.'],
  },
  {
    team: 'physio',
    title: 'Groepsbehandeling rug en nek',
    problem: 'De wachtlijst voor rug- en nekklachten groeit.',
    change: 'groepsbehandelingen van zes cliënten',
    outcome: 'kortere wachttijd',
    measure: 'wachttijd onder de 3 weken',
    metric: ['Wachttijd', 'weken', 6, 3, 'decrease'],
    tags: ['wachtlijst', 'groepen'],
    disciplines: ['systems_thinking'],
    insights: {
      confirmed: 'Groepen verkorten de wachtlijst zonder dat cliënten minder tevreden zijn.',
      refuted: 'De groepen liepen niet vol door roosters van vervoer.',
      inconclusive: 'De wachttijd daalde ook bij de controlegroep.',
    },
    assumption: ['Cliënten willen individuele aandacht.', 'Cliënten willen vooral snel beginnen.'],
  },
  {
    team: 'ict',
    title: 'Zelfhulp bij wachtwoorden',
    problem: 'Een derde van de meldingen gaat over vergeten wachtwoorden.',
    change: 'een zelfhulpportaal met sms-code',
    outcome: 'minder wachtwoordmeldingen',
    measure: 'wachtwoordmeldingen per week onder de 10',
    metric: ['Wachtwoordmeldingen', 'per week', 35, 10, 'decrease'],
    tags: ['zelfhulp', 'servicedesk'],
    disciplines: ['systems_thinking'],
    insights: {
      confirmed: 'Een uitleg op de afdeling zelf deed meer dan de e-mail.',
      refuted: 'Nachtdiensten hebben geen telefoon bij zich: sms werkt daar niet.',
      inconclusive: 'Tegelijk veranderde de wachtwoordregel; het effect is niet te scheiden.',
    },
    assumption: [
      'Mensen willen het zelf oplossen.',
      'Mensen willen het zelf oplossen als het in één stap kan.',
    ],
  },
  {
    team: 'ict',
    title: 'Vaste inloop op de afdeling',
    problem: 'Kleine ICT-vragen blijven liggen omdat melden te veel moeite kost.',
    change: 'een wekelijkse inloop van een uur op elke afdeling',
    outcome: 'sneller opgeloste kleine vragen',
    measure: 'doorlooptijd kleine vragen onder 2 dagen',
    metric: ['Doorlooptijd', 'dagen', 6, 2, 'decrease'],
    tags: ['servicedesk', 'nabijheid'],
    disciplines: ['team_learning'],
    insights: {
      confirmed: 'Nabijheid verlaagt de drempel; meldingen worden ook beter.',
      refuted: 'Op drukke afdelingen had niemand tijd om naar de inloop te komen.',
      inconclusive: 'Veel vragen gingen over één storing in die periode.',
    },
    assumption: ['Mensen melden niet omdat ze het niet weten.', 'Mensen melden niet omdat het moeite kost.'],
  },
  {
    team: 'finance',
    title: 'Digitale declaraties',
    problem: 'Papieren declaraties liggen weken op bureaus.',
    change: 'declareren met een foto van de bon',
    outcome: 'snellere uitbetaling',
    measure: 'doorlooptijd declaratie onder 5 dagen',
    metric: ['Doorlooptijd declaratie', 'dagen', 18, 5, 'decrease'],
    tags: ['digitalisering', 'declaraties'],
    disciplines: ['systems_thinking'],
    insights: {
      confirmed: 'De fotofunctie werkt; goedkeuring door de teamleider bleef de bottleneck.',
      refuted: 'Bonnen waren vaak onleesbaar; eerst een scanfunctie met controle.',
      inconclusive: 'De doorlooptijd hangt vooral af van vakanties van goedkeurders.',
    },
    assumption: ['Papier is de vertraging.', 'Goedkeuren is de vertraging.'],
  },
  {
    team: 'finance',
    title: 'Maandafsluiting in vijf dagen',
    problem: 'De maandafsluiting duurt tien werkdagen; teams sturen op oude cijfers.',
    change: 'een vaste afsluitkalender met dagelijkse check',
    outcome: 'snellere cijfers voor teams',
    measure: 'afsluiting binnen 5 werkdagen',
    metric: ['Afsluitduur', 'werkdagen', 10, 5, 'decrease'],
    tags: ['rapportage', 'planning'],
    disciplines: ['shared_vision'],
    insights: {
      confirmed: 'Een gedeelde kalender maakt afhankelijkheden zichtbaar en haalbaar.',
      refuted: 'Leveranciers leverden facturen te laat; de kalender verandert dat niet.',
      inconclusive: 'Eén maand gemeten is te weinig om iets te zeggen.',
    },
    assumption: ['Wij zijn traag.', 'De keten levert laat aan.'],
  },
];

const peopleOf: Record<string, string[]> = {
  'north-day': ['m1', 'm2', 'm3', 'lead-north-day'],
  'north-night': ['m4', 'm5', 'lead-north-night'],
  south: ['m6', 'm7', 'm8', 'lead-south'],
  physio: ['m9', 'm10', 'lead-physio'],
  ict: ['m11', 'lead-ict'],
  finance: ['m12', 'lead-finance'],
};
const leadOf: Record<string, string> = {
  'north-day': 'lead-north-day',
  'north-night': 'lead-north-night',
  south: 'lead-south',
  physio: 'lead-physio',
  ict: 'lead-ict',
  finance: 'lead-finance',
};
const headOf: Record<string, string> = {
  'north-day': 'head-care',
  'north-night': 'head-care',
  south: 'head-care',
  physio: 'head-rehab',
  ict: 'head-support',
  finance: 'head-support',
};

/** Experiments in the history, about one every four days over two years. */
export const HISTORY_SIZE = 180;

/** The generated history: cycles of each team's change ideas, and adoptions of confirmed lessons by other teams. */
export function demoHistory(): DemoExperiment[] {
  const random = seeded(20_241);
  const cycles = new Map<string, number>();
  const history: DemoExperiment[] = [];
  const teams = Object.keys(peopleOf);
  const adopted = new Set<string>();
  for (let i = 0; i < HISTORY_SIZE; i++) {
    // Oldest first: from about two years ago up to a few weeks ahead (plans).
    const startDaysAgo = Math.round(720 - (i / HISTORY_SIZE) * 740 + random() * 6);
    // A lesson counts as known if it was captured well before this experiment was created.
    const knownBefore = (e: DemoExperiment) =>
      e.lesson !== undefined && e.startDaysAgo - (e.durationDays ?? 0) - 10 > startDaysAgo + 21;
    // Now and then a team takes up another team's adopted lesson; otherwise it runs the next cycle of a change idea.
    const adoptable = history.filter(
      (e) =>
        knownBefore(e) && e.lesson?.[4] === 'organisation' && ['adopt', 'standardise'].includes(e.lesson[1]),
    );
    const candidate = random() < 0.15 ? adoptable[Math.floor(random() * adoptable.length)] : undefined;
    const topic = candidate
      ? (topics.find((t) => candidate.title.startsWith(t.title)) as Topic)
      : topics[Math.floor(random() * topics.length)];
    const others = teams.filter((t) => t !== candidate?.team);
    const adopter = others[Math.floor(random() * others.length)];
    // A team adopts a lesson once.
    const source = candidate && !adopted.has(`${candidate.key}|${adopter}`) ? candidate : undefined;
    if (source) adopted.add(`${source.key}|${adopter}`);
    const team = source ? adopter : topic.team;
    const cycle = (cycles.get(`${team}|${topic.title}`) ?? 0) + 1;
    cycles.set(`${team}|${topic.title}`, cycle);
    const earlier = [...history]
      .reverse()
      .find((e) => e.team === team && e.title.startsWith(topic.title) && knownBefore(e));
    const durationDays = 21 + Math.floor(random() * 8) * 7;
    const status = statusFor(startDaysAgo, durationDays, random());
    const verdict = verdictFor(random());
    const done = ['concluded', 'learned', 'closed'].includes(status);
    const learned = status === 'learned' || status === 'closed' || status === 'stopped';
    const hours = 8 + Math.floor(random() * 12) * 4;
    const people = peopleOf[team];
    const [baseline, target, direction] = [topic.metric[2], topic.metric[3], topic.metric[4]];
    const reached =
      verdict === 'confirmed' ? target : verdict === 'refuted' ? baseline : (baseline + target) / 2;
    history.push({
      key: `history-${i}`,
      team,
      owner: people[Math.floor(random() * people.length)],
      approver: hours > 40 ? headOf[team] : leadOf[team],
      status,
      title: `${topic.title} (${source ? 'overgenomen' : `cyclus ${cycle}`})`,
      problem: source ? `${topic.problem} Een ander team leerde: ${source.lesson?.[0]}` : topic.problem,
      change: topic.change,
      outcome: topic.outcome,
      measure: topic.measure,
      metric: [topic.metric[0], topic.metric[1], baseline, target, direction],
      hours,
      amountMinor: Math.floor(random() * 6) * 25_000,
      startDaysAgo,
      durationDays,
      envelope: false,
      tags: topic.tags,
      disciplines: topic.disciplines,
      result:
        done || status === 'stopped'
          ? [
              Math.round(reached * 10) / 10,
              status === 'stopped' ? 'inconclusive' : verdict,
              `Gemeten over ${Math.round(durationDays / 7)} weken.`,
              Math.round(hours * (0.7 + random() * 0.5)),
              0,
            ]
          : undefined,
      lesson: learned
        ? [
            status === 'stopped'
              ? 'We stopten op tijd: de randvoorwaarden waren er nog niet.'
              : topic.insights[verdict],
            status === 'stopped' ? 'adapt' : recommendationFor(verdict, random()),
            random() < 0.4 ? topic.assumption[0] : '',
            random() < 0.4 ? topic.assumption[1] : '',
            (['organisation', 'organisation', 'department', 'team'] as const)[Math.floor(random() * 4)],
          ]
        : undefined,
      // Adopting builds on the other team's lesson; a next cycle builds on the team's own last one.
      ...(source ? { buildsOn: source.key, adopts: true } : earlier ? { buildsOn: earlier.key } : {}),
    });
  }
  return history;
}

function statusFor(startDaysAgo: number, durationDays: number, roll: number): DemoExperiment['status'] {
  const ended = startDaysAgo - durationDays;
  if (startDaysAgo <= 0) return roll < 0.5 ? 'proposed' : roll < 0.8 ? 'approved' : 'draft';
  if (roll < 0.06) return 'rejected';
  if (roll < 0.12 && startDaysAgo > 30) return 'stopped';
  if (ended < 2) return 'running';
  if (ended < 20) return roll < 0.6 ? 'concluded' : 'learned';
  return roll < 0.55 ? 'closed' : 'learned';
}

function verdictFor(roll: number): 'confirmed' | 'refuted' | 'inconclusive' {
  return roll < 0.45 ? 'confirmed' : roll < 0.8 ? 'refuted' : 'inconclusive';
}

function recommendationFor(
  verdict: 'confirmed' | 'refuted' | 'inconclusive',
  roll: number,
): 'adopt' | 'adapt' | 'abandon' | 'standardise' {
  if (verdict === 'confirmed') return roll < 0.6 ? 'adopt' : roll < 0.85 ? 'standardise' : 'adapt';
  if (verdict === 'refuted') return roll < 0.6 ? 'abandon' : 'adapt';
  return 'adapt';
}

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32;
}
