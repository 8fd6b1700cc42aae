import { and, type Expr } from '../pattern/ast';
import { parsePattern } from '../pattern/parse';
import { renderPattern } from '../pattern/render';
import { checkPattern, MAX_PATTERN_LENGTH } from '../pattern/validate';
import { DETECTION_CATALOG } from './detections';
import { collectExclusions, exclusionTerms, hasExclusions } from './exclusions';
import type { AlarmSettings, CompiledDetection, CustomDetection, Detection, DetectionOverride, DetectionSettings, Exclusions, Profile } from './types';

/** A detection configuration that cannot be deployed. The message names the source, the detection and the fix. */
export class DetectionConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DetectionConfigError';
  }
}

/** Alarm periods the product accepts: whole minutes from 1 to 5 (SPEC: 60–300 s). */
const PERIODS = [60, 120, 180, 240, 300];
/** CloudWatch: period × evaluation periods may not exceed one day. */
const MAX_EVALUATION_SECONDS = 86_400;
/** Letters, digits, `-`, `_`, `.`; short enough to leave room for a prefix within CloudWatch's 255-character names. */
const NAME = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Compiles the catalog (plus the account's custom detections) into the enabled detections to deploy:
 * validated filter-pattern text and alarm settings. Throws {@link DetectionConfigError} naming `source`
 * (e.g. `account "prod"`) on anything CloudWatch would reject, before any Terraform is written.
 */
export function compileDetections(settings: DetectionSettings = {}, source = 'configuration'): CompiledDetection[] {
  const profile: Profile = settings.profile ?? 'human';
  const custom = settings.customDetections ?? [];
  checkCustomNames(custom, source);
  checkOverrideNames(settings, custom, source);

  const compiled: CompiledDetection[] = [];
  for (const detection of DETECTION_CATALOG) {
    const override = settings.overrides?.[detection.name];
    if (override?.enabled === false) continue;
    const where = `${source}: detection "${detection.name}"`;
    const pattern = catalogPattern(detection, profile, settings.exclusions, override, where);
    compiled.push(finish(detection.name, detection.title, detection.description, detection.basis, pattern, detection.defaults, override, where));
  }
  for (const detection of custom) {
    const override = settings.overrides?.[detection.name];
    if (override?.enabled === false) continue;
    const where = `${source}: custom detection "${detection.name}"`;
    const pattern = customPattern(detection, settings.exclusions, override?.exclusions, where);
    const defaults = { period: detection.period ?? 300, threshold: detection.threshold ?? 1, evaluationPeriods: detection.evaluationPeriods ?? 1 };
    compiled.push(finish(detection.name, detection.title, detection.description ?? detection.title.en, 'custom', pattern, defaults, override, where));
  }
  return compiled;
}

/** The compiled pattern of one catalog detection under a profile with the account's exclusions. */
export function catalogPattern(
  detection: Detection,
  profile: Profile,
  accountExclusions: Exclusions | undefined,
  override: DetectionOverride | undefined,
  where: string,
): string {
  if (profile === 'cis-securityhub') {
    if (detection.securityHubControl) {
      // Security Hub compares the text exactly: account exclusions do not apply, and asking for some is an error.
      if (hasExclusions(override?.exclusions)) {
        throw new DetectionConfigError(
          `${where}: exclusions are not allowed under profile "cis-securityhub": Security Hub ${detection.securityHubControl} ` +
            'requires the exact CIS pattern text. Use profile "human" for this account, or disable the detection and add a custom one.',
        );
      }
      return detection.cisPattern!;
    }
    const base = detection.cisPattern ? parseJson(detection.cisPattern, where) : detection.match;
    if (!hasExclusions(accountExclusions) && !hasExclusions(override?.exclusions)) {
      return detection.cisPattern ?? renderPattern({ kind: 'json', expr: base });
    }
    return withExclusions(base, [], accountExclusions, override?.exclusions);
  }
  return withExclusions(detection.match, detection.humanFilters, accountExclusions, override?.exclusions);
}

function customPattern(detection: CustomDetection, account: Exclusions | undefined, own: Exclusions | undefined, where: string): string {
  const expr = parseJson(detection.pattern, where);
  // The operator's own text is deployed verbatim unless exclusions must be added to it.
  return hasExclusions(account) || hasExclusions(own) ? withExclusions(expr, [], account, own) : detection.pattern;
}

function withExclusions(match: Expr, filters: Detection['humanFilters'], ...exclusions: (Exclusions | undefined)[]): string {
  const terms = exclusionTerms(filters, collectExclusions(filters, ...exclusions));
  return renderPattern({ kind: 'json', expr: and(match, ...terms) });
}

function parseJson(text: string, where: string): Expr {
  const problem = checkPattern(text)[0];
  if (problem) throw new DetectionConfigError(`${where}: invalid filter pattern: ${problem.message}`);
  const pattern = parsePattern(text);
  if (pattern.kind !== 'json') {
    throw new DetectionConfigError(`${where}: the pattern is empty, which matches every event; write a JSON pattern such as {$.eventName="X"}.`);
  }
  return pattern.expr;
}

function finish(
  name: string,
  title: CompiledDetection['title'],
  description: string,
  basis: string,
  pattern: string,
  defaults: AlarmSettings,
  override: DetectionOverride | undefined,
  where: string,
): CompiledDetection {
  const problems = checkPattern(pattern);
  if (problems.length > 0) {
    const fix =
      pattern.length > MAX_PATTERN_LENGTH
        ? ' Shorten the exclusions: prefer one glob (e.g. "*AWSReservedSSO_Admin*") to several names, or move them to the detections that need them.'
        : '';
    throw new DetectionConfigError(`${where}: compiled pattern is invalid: ${problems.map((p) => p.message).join('; ')}.${fix}`);
  }
  const settings: AlarmSettings = {
    period: override?.period ?? defaults.period,
    threshold: override?.threshold ?? defaults.threshold,
    evaluationPeriods: override?.evaluationPeriods ?? defaults.evaluationPeriods,
  };
  const [problem] = alarmSettingsProblems(settings);
  if (problem) throw new DetectionConfigError(`${where}: ${problem}`);
  return { name, title, description, basis, pattern, ...settings };
}

/** Why CloudWatch would refuse these alarm settings; empty when it accepts them. */
function alarmSettingsProblems({ period, threshold, evaluationPeriods }: AlarmSettings): string[] {
  const problems: string[] = [];
  if (!PERIODS.includes(period)) problems.push(`period ${period} is not allowed; use one of ${PERIODS.join(', ')} seconds.`);
  if (!Number.isInteger(threshold) || threshold < 1) problems.push(`threshold ${threshold} must be a whole number of at least 1.`);
  if (!Number.isInteger(evaluationPeriods) || evaluationPeriods < 1) problems.push(`evaluationPeriods ${evaluationPeriods} must be a whole number of at least 1.`);
  else if (period * evaluationPeriods > MAX_EVALUATION_SECONDS) {
    problems.push(`period × evaluationPeriods is ${period * evaluationPeriods} s; CloudWatch allows at most ${MAX_EVALUATION_SECONDS} s.`);
  }
  return problems;
}

/**
 * What would fail in a detection given as it is: its pattern (syntax, length, quotas) and its alarm settings.
 * `compileDetections` never returns such a detection; library users who write compiled detections by hand get
 * the same checks at synth (stacks/detections.ts).
 */
export function compiledDetectionProblems(detection: CompiledDetection): string[] {
  return [...checkPattern(detection.pattern).map((p) => `pattern: ${p.message}`), ...alarmSettingsProblems(detection)];
}

function checkCustomNames(custom: readonly CustomDetection[], source: string): void {
  const seen = new Set<string>();
  for (const { name } of custom) {
    if (!NAME.test(name)) throw new DetectionConfigError(`${source}: custom detection "${name}": the name must be 1–128 letters, digits, ".", "_" or "-".`);
    if (DETECTION_CATALOG.some((d) => d.name === name)) {
      throw new DetectionConfigError(`${source}: custom detection "${name}": the catalog already has a detection of that name; use overrides to change it.`);
    }
    if (seen.has(name)) throw new DetectionConfigError(`${source}: custom detection "${name}" is defined twice.`);
    seen.add(name);
  }
}

function checkOverrideNames(settings: DetectionSettings, custom: readonly CustomDetection[], source: string): void {
  const known = [...DETECTION_CATALOG.map((d) => d.name), ...custom.map((d) => d.name)];
  for (const name of Object.keys(settings.overrides ?? {})) {
    if (!known.includes(name)) throw new DetectionConfigError(`${source}: overrides."${name}": no detection of that name (known: ${known.join(', ')}).`);
  }
}
