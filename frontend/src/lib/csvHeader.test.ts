import { describe, expect, it } from "vitest";
import { guessTarget, readCsvHeader } from "./csvHeader";

describe("readCsvHeader", () => {
  it("reads the first row only, quotes included", async () => {
    const file = new Blob(['"sepal, length",width,species\n5.1,3.5,setosa\n'], { type: "text/csv" });
    expect(await readCsvHeader(file)).toEqual(["sepal, length", "width", "species"]);
  });

  it("guesses a label-like column, else the last one", () => {
    expect(guessTarget(["a", "Species", "b"])).toBe("Species");
    expect(guessTarget(["a", "b", "price"])).toBe("price");
    expect(guessTarget([])).toBe("");
  });
});
