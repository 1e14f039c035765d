import { describe, expect, it } from 'vitest';
import { AIM_ID, diagramCsv, layoutDiagram, wrap } from './diagram-layout';

const nodes = [
  { id: 'p', kind: 'primary-driver', parentId: null, title: 'Safe mobility', tests: [] },
  { id: 's', kind: 'secondary-driver', parentId: 'p', title: 'Night', tests: [] },
  { id: 'c', kind: 'change-idea', parentId: 's', title: 'Bed alarms', tests: [1, 2] },
];

describe('the driver diagram layout', () => {
  it('reads left to right: the aim, then each level further right, one edge per node', () => {
    const layout = layoutDiagram('Fewer falls', nodes);
    const x = (id: string) => layout.nodes.find((n) => n.id === id)?.x ?? Number.NaN;
    expect(x(AIM_ID)).toBeLessThan(x('p'));
    expect(x('p')).toBeLessThan(x('s'));
    expect(x('s')).toBeLessThan(x('c'));
    expect(layout.edges.map((e) => `${e.from}>${e.to}`).sort()).toEqual(['aim>p', 'p>s', 's>c']);
    expect(layout.edges.every((e) => e.path.startsWith('M'))).toBe(true);
    expect(layout.width).toBeGreaterThan(x('c'));
  });

  it('wraps long labels and cuts what does not fit in four lines', () => {
    expect(wrap('Gerichte bewegingssensoren bij het bed')).toEqual([
      'Gerichte',
      'bewegingssensoren bij',
      'het bed',
    ]);
    const long = wrap('word '.repeat(40));
    expect(long).toHaveLength(4);
    expect(long[3].endsWith('…')).toBe(true);
  });

  it('exports one CSV row per node with its parent, so a spreadsheet can rebuild the tree', () => {
    const csv = diagramCsv(
      'Fewer falls',
      [
        { ...nodes[0], depth: 1 },
        { ...nodes[2], parentId: 'p', depth: 2 },
      ],
      (k) => k,
    );
    expect(csv.split('\r\n')).toEqual([
      'level,kind,title,parent,tests',
      '0,aim,Fewer falls,,',
      '1,primary-driver,Safe mobility,Fewer falls,0',
      '2,change-idea,Bed alarms,Safe mobility,2',
      '',
    ]);
  });
});
