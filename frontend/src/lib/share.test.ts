import { compressToEncodedURIComponent } from "lz-string";
import { describe, expect, it } from "vitest";
import type { Workspace } from "../api/types";
import { defaultGraph, defaultTraining } from "./defaults";
import {
  addressAfterOpening,
  decodeWorkspace,
  encodeWorkspace,
  knownTraining,
  readShareRequest,
  shortUrl,
  workspaceUrl,
} from "./share";

function workspace(): Workspace {
  return {
    version: 1,
    graph: defaultGraph(),
    dataset: { name: "spiral", options: { noise: 10, features: ["x1", "x2", "sin_x1"] } },
    training: { ...defaultTraining(), seed: 1234, lr: 0.3, optimizer: "sgd" },
    lesson: { id: "cnn", step: 2 },
    views: ["training"],
    selected: "in",
    show_test_data: true,
    discretize: false,
  };
}

const url = (href: string) => new URL(href, "http://neurona.test");

describe("encode / decode", () => {
  it("round-trips the whole workspace", () => {
    const ws = workspace();
    const decoded = decodeWorkspace(encodeWorkspace(ws));
    expect(decoded).toEqual({ ok: true, workspace: ws });
  });

  it("is compact: shorter than the JSON it holds, let alone that JSON escaped for a URL", () => {
    const ws = workspace();
    const encoded = encodeWorkspace(ws);
    expect(encoded.length).toBeLessThan(JSON.stringify(ws).length * 0.8);
    expect(encoded.length).toBeLessThan(encodeURIComponent(JSON.stringify(ws)).length * 0.6);
    expect(encoded).toMatch(/^[A-Za-z0-9+\-$]+$/);
  });

  it("survives the address bar: read back from a full URL, '+' and all", () => {
    const ws = workspace();
    const address = workspaceUrl("http://neurona.test/", ws, { present: true, hide: ["palette"] });
    const request = readShareRequest(url(address));
    expect(request.options).toEqual({ present: true, hide: ["palette"] });
    expect(decodeWorkspace(request.state!)).toEqual({ ok: true, workspace: ws });
  });

  it("names what is wrong with a cut, garbled or foreign address", () => {
    const encoded = encodeWorkspace(workspace());
    expect(decodeWorkspace("")).toEqual({ ok: false, problem: "empty" });
    expect(decodeWorkspace(encoded.slice(0, encoded.length / 2)).ok).toBe(false);
    expect(decodeWorkspace(encoded.slice(0, encoded.length / 2))).toMatchObject({ problem: "corrupt" });
    expect(decodeWorkspace("not-lz-at-all")).toMatchObject({ ok: false, problem: "corrupt" });
    expect(decodeWorkspace("%%%")).toMatchObject({ ok: false, problem: "corrupt" });
    const pack = (value: unknown) => compressToEncodedURIComponent(JSON.stringify(value));
    expect(decodeWorkspace(pack([1, 2]))).toMatchObject({ problem: "corrupt" });
    expect(decodeWorkspace(pack({ ...workspace(), version: 2 }))).toEqual({
      ok: false,
      problem: "version",
      detail: "2",
    });
    expect(decodeWorkspace(pack({ ...workspace(), graph: { nodes: "x" } }))).toMatchObject({ problem: "notGraph" });
    const badNode = { nodes: [{ id: "a", type: "Input" }, { id: 3 }], edges: [] };
    expect(decodeWorkspace(pack({ ...workspace(), graph: badNode }))).toEqual({
      ok: false,
      problem: "badNode",
      detail: "2",
    });
    expect(decodeWorkspace(pack({ ...workspace(), dataset: "circle" }))).toMatchObject({
      problem: "shape",
      detail: "dataset",
    });
    expect(decodeWorkspace(pack({ ...workspace(), training: null }))).toMatchObject({ detail: "training" });
    expect(decodeWorkspace(pack({ ...workspace(), lesson: { id: "cnn", step: -1 } }))).toMatchObject({
      detail: "lesson",
    });
    expect(decodeWorkspace(pack({ ...workspace(), views: ["everything"] }))).toMatchObject({ detail: "views" });
    expect(decodeWorkspace(pack({ ...workspace(), discretize: "yes" }))).toMatchObject({ detail: "discretize" });
  });

  it("accepts a workspace without the optional fields", () => {
    const { lesson: _l, views: _v, selected: _s, ...rest } = workspace();
    const decoded = decodeWorkspace(compressToEncodedURIComponent(JSON.stringify(rest)));
    expect(decoded.ok).toBe(true);
  });
});

describe("training settings from an address", () => {
  it("keeps only known keys with the type of their default", () => {
    const defaults = defaultTraining();
    const kept = knownTraining({ lr: 0.1, seed: "7", epochs: 5, hack: 1, clip_norm: 2, frozen: "all" }, defaults);
    expect(kept).toEqual({ lr: 0.1, epochs: 5, clip_norm: 2 });
  });
});

describe("addresses", () => {
  it("reads a short link's id and the teacher options; unknown parts are reported, not applied", () => {
    const request = readShareRequest(url("/?link=Ab_9-x&present=1&hide=palette,bogus,data,palette"));
    expect(request).toEqual({
      state: null,
      link: "Ab_9-x",
      options: { present: true, hide: ["palette", "data"] },
      unknownHidden: ["bogus"],
    });
    expect(readShareRequest(url("/?link=../../etc")).link).toBe("");
    expect(readShareRequest(url("/")).options).toEqual({ present: false, hide: [] });
  });

  it("writes short links with the options and drops the workspace once it is applied", () => {
    expect(shortUrl("http://h", "abc", { present: true, hide: ["data", "output"] })).toBe(
      "http://h/s/abc?present=1&hide=data,output",
    );
    expect(shortUrl("http://h", "abc", { present: false, hide: [] })).toBe("http://h/s/abc");
    expect(addressAfterOpening(url("/?link=abc&present=1&hide=data,output"))).toBe("/?present=1&hide=data,output");
    expect(addressAfterOpening(url("/?present=1#s=AAAA"))).toBe("/?present=1");
    expect(addressAfterOpening(url("/#s=AAAA"))).toBe("/");
  });
});
