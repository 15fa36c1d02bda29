/** Columns padded to their widest cell (counted in characters, so ✓ and ✗ are one), two spaces apart. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((title, column) => Math.max(length(title), ...rows.map((row) => length(row[column] ?? ''))))
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        column === cells.length - 1 ? cell : cell + ' '.repeat((widths[column] ?? 0) - length(cell)),
      )
      .join('  ')
      .trimEnd()
  return [line(header), ...rows.map(line)]
}

function length(text: string): number {
  return [...text].length
}
