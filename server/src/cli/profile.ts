/** Placeholder: owned by the author of this subcommand. */
export async function runProfile(_argv: string[]): Promise<number> {
  process.stderr.write('perflens: not implemented yet\n');
  return 2;
}
