// Lesson text: markdown rendered by marked and sanitised by DOMPurify before it reaches the page.
import DOMPurify from "dompurify";
import { marked } from "marked";
import { useMemo } from "react";

export function renderMarkdown(source: string): string {
  return DOMPurify.sanitize(marked.parse(source, { async: false, gfm: true }));
}

export function Markdown({ source, className }: { source: string; className?: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  return <div className={`markdown ${className ?? ""}`} dangerouslySetInnerHTML={{ __html: html }} />;
}
