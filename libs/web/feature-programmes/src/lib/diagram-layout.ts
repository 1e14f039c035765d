import dagre from '@dagrejs/dagre';
import { toCsv } from './csv';

/** What the layout needs of a node; the aim is the root. */
export interface DiagramInput {
  id: string;
  kind: string;
  parentId: string | null;
  title: string;
  tests: ReadonlyArray<unknown>;
}

export interface LaidOutNode {
  id: string;
  kind: 'aim' | string;
  label: string;
  /** Lines of the label, wrapped to fit the box. */
  lines: string[];
  x: number;
  y: number;
  width: number;
  height: number;
  tests: number;
}

export interface DiagramLayout {
  width: number;
  height: number;
  nodes: LaidOutNode[];
  edges: Array<{ from: string; to: string; path: string }>;
}

export const AIM_ID = 'aim';
const WIDTH = 190;
const LINE = 16;
const CHARS = 24;

/** Wraps a label into lines of about `CHARS` characters, at most four (the last one cut with an ellipsis). */
export function wrap(label: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(/\s+/).filter(Boolean)) {
    if (line && (line + ' ' + word).length > CHARS) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.length > 4 ? [...lines.slice(0, 3), `${lines[3].slice(0, CHARS - 1)}…`] : lines;
}

/** The driver diagram as a left-to-right tree laid out by dagre: aim, drivers, change ideas. */
export function layoutDiagram(aim: string, nodes: ReadonlyArray<DiagramInput>): DiagramLayout {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 16, ranksep: 56, marginx: 8, marginy: 8 });
  graph.setDefaultEdgeLabel(() => ({}));
  const all = [
    {
      id: AIM_ID,
      kind: 'aim',
      parentId: null as string | null,
      title: aim,
      tests: [] as ReadonlyArray<unknown>,
    },
    ...nodes,
  ];
  for (const node of all) {
    const lines = wrap(node.title);
    graph.setNode(node.id, {
      width: WIDTH,
      height: 20 + LINE * lines.length + (node.tests.length ? LINE : 0),
    });
  }
  for (const node of nodes) graph.setEdge(node.parentId ?? AIM_ID, node.id);
  dagre.layout(graph);
  const laidOut = all.map((node) => {
    const box = graph.node(node.id);
    return {
      id: node.id,
      kind: node.kind,
      label: node.title,
      lines: wrap(node.title),
      x: box.x - box.width / 2,
      y: box.y - box.height / 2,
      width: box.width,
      height: box.height,
      tests: node.tests.length,
    };
  });
  const edges = graph.edges().map((edge) => {
    const points: Array<{ x: number; y: number }> = graph.edge(edge).points ?? [];
    return {
      from: edge.v,
      to: edge.w,
      path: points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' '),
    };
  });
  const { width = 0, height = 0 } = graph.graph();
  return { width, height, nodes: laidOut, edges };
}

/** The diagram as CSV: one row per node, its level and parent, so a spreadsheet can rebuild the tree. */
export function diagramCsv(
  aim: string,
  nodes: ReadonlyArray<DiagramInput & { depth?: number }>,
  kindLabel: (kind: string) => string,
): string {
  const titles = new Map(nodes.map((n) => [n.id, n.title]));
  return toCsv(
    ['level', 'kind', 'title', 'parent', 'tests'],
    [
      [0, kindLabel('aim'), aim, '', ''],
      ...nodes.map((n) => [
        n.depth ?? '',
        kindLabel(n.kind),
        n.title,
        n.parentId ? (titles.get(n.parentId) ?? '') : aim,
        n.tests.length,
      ]),
    ],
  );
}
