// SPDX-License-Identifier: Apache-2.0
// A search hit's snippet (escaped HTML whose only elements are <mark>) as text parts, each
// marked or not: whatever else the string might hold is shown as text, never as markup.
export interface SnippetPart {
  text: string;
  marked: boolean;
}

export function snippetParts(html: string): SnippetPart[] {
  const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
  return Array.from(parsed.body.firstChild?.childNodes ?? [], (node) => ({
    text: node.textContent ?? "",
    marked: node.nodeType === Node.ELEMENT_NODE && node.nodeName === "MARK",
  }));
}
