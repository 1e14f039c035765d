import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoEmail, seedDemoOrganisation } from '../../apps/api/src/seed/demo-organisation';
import { ApiClient } from '../support/api-client';
import { startApi, type RunningApi } from '../support/running-apps';
import { createTestDatabase, testConfig, type TestDatabase } from '../support/test-environment';
import { hangGuardMs } from '../../tools/hang-guard.mjs';

const PASSWORD = 'demo password 123';

/**
 * Ten drafts a person might type, each a near-duplicate of one earlier demo experiment in other words: "has this
 * been tried?" should show the earlier twin among its first three answers.
 */
const nearDuplicates: Array<[draft: string, twinTitle: string]> = [
  [
    'Bij de wisseling van avond- naar nachtdienst gaan medicijnen mis. We denken dat een korte overdracht met een vaste SBAR-volgorde minder medicatiefouten geeft.',
    'Gestructureerde overdracht bij de nachtdienst',
  ],
  [
    'Patiënten met een nieuwe heup wachten weken op fysio. Oefenen in kleine groepen in plaats van individueel verkort de wachttijd.',
    'Groepsoefentherapie na heupoperatie',
  ],
  [
    'ICT-tickets blijven dagen open staan. Elke ochtend een kwartier de nieuwe meldingen sorteren geeft een snellere eerste reactie.',
    'Dagelijkse triage van ICT-meldingen',
  ],
  [
    'Rekeningen blijven liggen omdat er een papieren handtekening nodig is. Accorderen in het boekhoudsysteem maakt de doorlooptijd korter.',
    'Facturen digitaal laten accorderen',
  ],
  [
    'Medewerkers ruilen vaak diensten en melden zich ziek rond het weekend. Zelf het rooster maken binnen afspraken vermindert de ruilverzoeken.',
    'Zelfroosteren voor Team Zuid',
  ],
  [
    'Bewoners met dementie worden in de middag onrustig. Muziek van hun eigen afspeellijst rond vier uur vermindert de onrust.',
    'Persoonlijke muziek bij onrust',
  ],
  [
    'We printen elke dag stapels overdrachtslijsten. Met de overdracht op een tablet kunnen de printers uit.',
    'Papierloze overdrachtsmap',
  ],
  [
    'Na ontslag stoppen veel patiënten met hun oefeningen. Samen wandelen in een groep op zaterdag houdt ze in beweging.',
    'Loopgroep op zaterdag',
  ],
  [
    'De nachtdienst maakt steeds meer overuren. Een eigen groep vaste invallers voor de nacht vermindert het overwerk.',
    'Vaste invalpool voor de nacht',
  ],
  [
    'Bewoners glijden ’s nachts uit op weg naar het toilet. Sokken met een antislipzool vanaf de opname geven minder valpartijen.',
    'Antislipsokken bij opname',
  ],
];

describe('the demo programmes and "has this been tried?" on the demo data', () => {
  let database: TestDatabase;
  let api: RunningApi;
  let head: ApiClient;

  const signIn = async (key: string) => {
    const client = new ApiClient(api.url);
    const response = await client.post('/api/auth/sign-in', { email: demoEmail(key), password: PASSWORD });
    expect(response.status).toBe(200);
    return client;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedDemoOrganisation(database.ownerUrl, PASSWORD);
    api = await startApi(testConfig(database.url, 'postgres'));
    head = await signIn('head-care');
  }, hangGuardMs(120_000));

  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  it('shows falls prevention in care, its ramp spread to a second ward, and a stalled programme in operations', async () => {
    const portfolio = (await head.get('/api/programmes/portfolio')).body.items as Array<{
      id: string;
      title: string;
      unitName: string;
      stalled: boolean;
      progress: { score: number; derivedScore: number };
    }>;
    portfolio.sort((a, b) => a.title.localeCompare(b.title));
    expect(portfolio.map((p) => [p.title, p.unitName, p.stalled, p.progress.derivedScore])).toEqual([
      ['Snellere factuurafhandeling', 'Bedrijfsvoering', true, 1.5],
      ['Valpreventie', 'Zorg', false, 5],
    ]);

    const falls = (await head.get(`/api/programmes/${portfolio[1].id}`)).body;
    const ideas = falls.nodes.filter((n: { kind: string }) => n.kind === 'change-idea');
    expect(ideas).toHaveLength(3);
    expect(ideas.flatMap((n: { tests: unknown[] }) => n.tests)).toHaveLength(7);
    const sensors = ideas.find((n: { title: string }) => n.title.includes('sensoren'));
    expect(sensors.ramps).toHaveLength(1);
    expect(sensors.ramps[0]).toHaveLength(4);
    expect(sensors.tests.map((t: { step: number; units: number }) => [t.step, t.units])).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
      [4, 2],
    ]);
    expect(falls.progress.reasons.every((r: { met: boolean }) => r.met)).toBe(true);
  });

  it('finds the earlier twin of at least 8 of 10 near-duplicate drafts in its first three answers', async () => {
    const member = await signIn('m9');
    let found = 0;
    const misses: string[] = [];
    for (const [draft, twin] of nearDuplicates) {
      const answer = await member.post('/api/similar-work', { text: draft });
      expect(answer.status).toBe(200);
      const top = (answer.body.items as Array<{ title: string }>).slice(0, 3).map((i) => i.title);
      if (top.includes(twin)) found++;
      else misses.push(`${twin}: got ${top.join(' | ')}`);
    }
    console.log(
      `has this been tried? ${found} of ${nearDuplicates.length} near-duplicates found their twin in the top 3`,
    );
    if (misses.length) console.log(misses.join('\n'));
    expect(found).toBeGreaterThanOrEqual(8);
  });
});
