/** Order by UTF-16 code units: unlike localeCompare it is the same on every host, so SBOMs are reproducible. */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
