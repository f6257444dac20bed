/**
 * One definitions file: its YAML parsed with source positions kept, so that a property path
 * found wrong later (by zod, by reference resolution) maps back to a line and column.
 */
import { Document, LineCounter, Node, Pair, isAlias, isCollection, isMap, isPair, isScalar, isSeq, parseDocument, visit } from "yaml";
import type { ScalarTag, Tags } from "yaml";
import type { DefinitionProblem } from "./errors";

export type Path = ReadonlyArray<string | number>;

export interface Position {
  line: number;
  column: number;
}

export interface SourceFile {
  /** The name used in messages. */
  file: string;
  /** The document as plain data (merge keys and aliases resolved); undefined for an empty file. */
  data: unknown;
  /** Where `path` is written: the value, or with `at: "key"` the property name. */
  locate(path: Path, at?: "value" | "key"): Position | undefined;
}

/**
 * YAML 1.2 reads `05047530000` as the number 5047530000. Smartflo ids (extensions, agents) often
 * start with 0, so in definition files a plain scalar with a leading zero stays a string.
 */
const INT_WITHOUT_LEADING_ZERO = /^[-+]?(?:0|[1-9][0-9]*)$/;

function customTags(tags: Tags): Tags {
  return tags.map((tag) =>
    typeof tag === "object" && tag.tag === "tag:yaml.org,2002:int" && tag.format === undefined && (tag as ScalarTag).test
      ? { ...(tag as ScalarTag), test: INT_WITHOUT_LEADING_ZERO }
      : tag,
  );
}

/** Parses one file; YAML syntax errors come back as problems (no data). */
export function parseSource(file: string, text: string): { source?: SourceFile; problems: DefinitionProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    merge: true, // `<<: *defaults` lets files share fallback blocks
    prettyErrors: false,
    uniqueKeys: true,
    customTags,
  });
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  if (doc.errors.length > 0) {
    // The YAML library gives up on very deep nesting with the engine's stack error: say what it means, once.
    const tooDeep = doc.errors.find((e) => /call stack/i.test(e.message));
    const errors = tooDeep ? [tooDeep] : doc.errors;
    return {
      problems: errors.map((e) => ({
        file,
        ...position(e.pos[0]),
        property: "",
        reason: e === tooDeep ? tooDeepReason : `YAML syntax: ${yamlReason(e.code, e.message)}`,
      })),
    };
  }
  const deep = deeperThan(doc, MAX_NESTING);
  if (deep !== undefined) return { problems: [{ file, ...position(deep), property: "", reason: tooDeepReason }] };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    // e.g. an alias to an anchor that is not defined (before it): point at the alias.
    let offset = 0;
    visit(doc, {
      Alias(_, node) {
        if (node.resolve(doc) !== undefined) return undefined;
        offset = node.range?.[0] ?? 0;
        return visit.BREAK;
      },
    });
    return { problems: [{ file, ...position(offset), property: "", reason: `YAML: ${(err as Error).message}` }] };
  }
  return {
    problems: [],
    source: {
      file,
      data,
      locate(path, at = "value") {
        const range = locateRange(doc, path, at);
        return range === undefined ? undefined : position(range);
      },
    },
  };
}

/**
 * How deep a definitions file may nest. An IVR is six levels deep in its file, values a few more;
 * the limit keeps every step after parsing (which walks the data recursively) far from the
 * engine's stack limit, so a file nested thousands of levels deep is a problem in that file.
 */
export const MAX_NESTING = 64;
const tooDeepReason = `is nested more than ${MAX_NESTING} levels deep; a definitions file holds IVRs a few levels deep`;

/** The offset of the first node nested deeper than `limit` (aliases not followed), if any; iterative. */
function deeperThan(doc: Document, limit: number): number | undefined {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: doc.contents, depth: 0 }];
  while (stack.length) {
    const { node, depth } = stack.pop()!;
    if (!isCollection(node)) continue;
    if (depth >= limit) return rangeOf(node);
    for (const item of node.items as unknown[]) {
      if (isPair(item)) {
        stack.push({ node: item.key, depth: depth + 1 }, { node: item.value, depth: depth + 1 });
      } else {
        stack.push({ node: item, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

function yamlReason(code: string, message: string): string {
  // The library's message continues with " at line L, column C:" and a source excerpt.
  const first = message.replace(/ at line \d+, column \d+:[\s\S]*$/, "").trim();
  if (code === "BAD_ALIAS") {
    return `${first} (in YAML, quote the DTMF keys * and #: key: "*")`;
  }
  return first;
}

/** The start offset of the node at `path`, or of the nearest enclosing thing that is written. */
function locateRange(doc: Document, path: Path, at: "value" | "key"): number | undefined {
  let node: unknown = doc.contents;
  let best: number | undefined = rangeOf(node);
  for (let i = 0; i < path.length; i++) {
    node = deref(doc, node);
    const last = i === path.length - 1;
    const segment = path[i]!;
    if (isMap(node)) {
      const pair = findPair(doc, node, String(segment));
      if (!pair) return best;
      const keyAt = rangeOf(pair.key);
      const value = deref(doc, pair.value);
      if (last && (at === "key" || isCollection(value) || isEmpty(value))) return keyAt ?? best;
      // Point at the property line while descending; at the value when it is the leaf.
      best = last ? rangeOf(pair.value) ?? keyAt : keyAt ?? best;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number" && segment < node.items.length) {
      const item = node.items[segment];
      best = rangeOf(item) ?? best;
      node = item;
    } else {
      return best;
    }
  }
  return best;
}

function rangeOf(node: unknown): number | undefined {
  return (node as Node | undefined)?.range?.[0];
}

function isEmpty(node: unknown): boolean {
  return node === null || node === undefined || (isScalar(node) && (node.value === null || node.source === ""));
}

function deref(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (key.source === "<<" || key.value === "<<" || typeof key.value === "symbol");
}

/** The pair for `key` in a map, looking through `<<:` merge keys the way YAML resolves them. */
function findPair(doc: Document, map: { items: unknown[] }, key: string, depth = 0): Pair | undefined {
  if (depth > 20) return undefined;
  for (const item of map.items as Pair[]) {
    const k = deref(doc, item.key);
    if (!isMergeKey(k) && String(isScalar(k) ? k.value : k) === key) return item;
  }
  for (const item of map.items as Pair[]) {
    if (!isMergeKey(deref(doc, item.key))) continue;
    const sources = deref(doc, item.value);
    const list = isSeq(sources) ? sources.items.map((s) => deref(doc, s)) : [sources];
    for (const s of list) {
      if (!isMap(s)) continue;
      const found = findPair(doc, s, key, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}
