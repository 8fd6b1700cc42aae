/**
 * Every string in Terraform JSON is a template: `${…}` interpolates and `%{…}` is a directive, even in a
 * plain attribute (Terraform docs, "JSON Configuration Syntax" › "Expression Mapping": strings are
 * interpreted as string templates). User text — custom patterns, titles, descriptions, tags, the bot
 * name — must reach Terraform as the literal it is, so its template sequences are escaped the way the
 * template language itself spells them: `$${` for a literal `${` and `%%{` for a literal `%{`.
 */

/**
 * The Terraform JSON string whose value is `text`, exactly. Only `${` and `%{` start a sequence; a `$` or
 * `%` anywhere else is already literal. Escaping is not idempotent on purpose: the input `$${` is the user's
 * literal three characters and becomes `$$${` (a literal `$`, then the escape of `${`).
 */
export function terraformLiteral(text: string): string {
  return text.replace(/([$%])\{/g, '$1$1{');
}

/** {@link terraformLiteral} for every key and value of a string map (tags, environment variables). */
export function terraformLiteralMap(map: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([key, value]) => [terraformLiteral(key), terraformLiteral(value)]));
}
