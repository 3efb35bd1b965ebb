// Every string exists in every language with the same placeholders, every key the code asks for exists, and no
// user-visible English is written straight into the JSX.
import ts from "typescript";
import { describe, expect, it } from "vitest";
import en from "./en.json";
import es from "./es.json";

const LANGUAGES: Record<string, unknown> = { en, es };

/** Every string of a nested resource, keyed by its dotted path. */
function strings(value: unknown, prefix = ""): [string, string][] {
  if (typeof value === "string") return [[prefix, value]];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    strings(v, prefix ? `${prefix}.${k}` : k),
  );
}

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

const SOURCES = import.meta.glob(["../**/*.{ts,tsx}", "!../**/*.test.ts", "!../api/schema.d.ts"], {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;

const parsed = new Map<string, ts.SourceFile>();

function parse(path: string): ts.SourceFile {
  const kind = path.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const text = SOURCES[path]!;
  const cached = parsed.get(path);
  if (cached?.text === text) return cached;
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, kind);
  parsed.set(path, source);
  return source;
}

function visit(node: ts.Node, found: (node: ts.Node) => void): void {
  found(node);
  ts.forEachChild(node, (child) => visit(child, found));
}

/** Attributes that reach the user as text (tooltips, screen readers, placeholders). */
const TEXT_ATTRIBUTES = new Set(["title", "aria-label", "placeholder", "alt", "label", "hint", "help"]);
/** Text with a word in it: two letters in a row. Symbols, numbers and punctuation are not language. */
const WORDY = /\p{L}{2}/u;

/** `file:line "text"` for every JSX text and text attribute written as a literal. */
function hardCoded(path: string): string[] {
  const source = parse(path);
  const out: string[] = [];
  const where = (node: ts.Node) => `${path}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  visit(source, (node) => {
    if (ts.isJsxText(node) && WORDY.test(node.text)) out.push(`${where(node)} ${JSON.stringify(node.text.trim())}`);
    if (ts.isJsxAttribute(node) && node.initializer && ts.isStringLiteral(node.initializer)) {
      const name = node.name.getText(source);
      if (TEXT_ATTRIBUTES.has(name) && WORDY.test(node.initializer.text))
        out.push(`${where(node)} ${name}=${JSON.stringify(node.initializer.text)}`);
    }
  });
  return out;
}

/** The literal keys passed to `t(...)` / `i18n.t(...)` anywhere in the code. */
function keysAsked(path: string): string[] {
  const out: string[] = [];
  visit(parse(path), (node) => {
    if (!ts.isCallExpression(node)) return;
    const callee = node.expression;
    const named = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : "";
    const first = node.arguments[0];
    if (named === "t" && first && ts.isStringLiteral(first)) out.push(first.text);
  });
  return out;
}

describe("interface strings", () => {
  const english = new Map(strings(en));

  it.each(Object.keys(LANGUAGES).filter((code) => code !== "en"))(
    "%s has every English key, no other, with the same placeholders",
    (code) => {
      const other = new Map(strings(LANGUAGES[code]));
      expect([...other.keys()].filter((key) => !english.has(key)), "keys only in " + code).toEqual([]);
      expect([...english.keys()].filter((key) => !other.has(key)), "keys missing in " + code).toEqual([]);
      for (const [key, text] of other) expect(placeholders(text), key).toEqual(placeholders(english.get(key)!));
    },
  );

  it("has no empty string in any language", () => {
    for (const [code, resource] of Object.entries(LANGUAGES))
      for (const [key, text] of strings(resource)) expect(text.trim(), `${code}: ${key}`).not.toBe("");
  });

  it("defines every key the code asks for", () => {
    const plural = (key: string) => english.has(`${key}_one`) && english.has(`${key}_other`);
    const missing = Object.keys(SOURCES).flatMap((path) =>
      keysAsked(path)
        .filter((key) => !english.has(key) && !plural(key))
        .map((key) => `${path}: ${key}`),
    );
    expect(missing).toEqual([]);
  });

  it("writes no user-visible text straight into the JSX", () => {
    const found = Object.keys(SOURCES)
      .filter((path) => path.endsWith(".tsx"))
      .flatMap(hardCoded);
    expect(found).toEqual([]);
  });

  it("the check catches hard-coded text", () => {
    SOURCES["probe.tsx"] = 'const a = <p title="Close me">Hello there {x}</p>; const b = <i aria-label={t("k")}>→ 3</i>;';
    expect(hardCoded("probe.tsx")).toEqual(['probe.tsx:1 title="Close me"', 'probe.tsx:1 "Hello there"']);
    delete SOURCES["probe.tsx"];
  });

  it("the key check reads t() and i18n.t() calls", () => {
    SOURCES["probe.ts"] = 'f(t("a.b", { n }), i18n.t("c"), t(`d.${x}`), other("e"));';
    expect(keysAsked("probe.ts")).toEqual(["a.b", "c"]);
    delete SOURCES["probe.ts"];
  });
});
