/** A cell as the diff and the preview show it: text as is, null as "NULL", the rest as JSON. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** A row's primary key, as one line. */
export function keyText(key: readonly unknown[]): string {
  return key.map(cellText).join(", ");
}
