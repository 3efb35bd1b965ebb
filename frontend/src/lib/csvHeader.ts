// The header row of a CSV file, read in the browser, so the upload dialog can offer the columns as the target.
// Only the file's first bytes are read; Papa Parse handles quotes and separators inside them.
import Papa from "papaparse";

const HEAD_BYTES = 64 * 1024;

export async function readCsvHeader(file: Blob): Promise<string[]> {
  const head = await file.slice(0, HEAD_BYTES).text();
  const result = Papa.parse<string[]>(head.replace(/^\uFEFF/, ""), { preview: 1, skipEmptyLines: true });
  return (result.data[0] ?? []).map((name) => String(name).trim()).filter(Boolean);
}

/** The column a target most likely is: one named like a label, else the last column. */
export function guessTarget(columns: string[]): string {
  const named = columns.find((c) => /^(label|target|class|species|y)$/i.test(c));
  return named ?? columns[columns.length - 1] ?? "";
}
