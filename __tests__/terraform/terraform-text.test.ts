import fc from 'fast-check';
import { terraformLiteral, terraformLiteralMap } from '../../stacks/terraform-text';
import { resolveAccount, strings, synthAccount } from '../stacks/synth';
import { appliedOutputs } from './support/terraform-cli';

describe('terraformLiteral', () => {
  it.each([
    ['${prod}', '$${prod}'],
    ['%{if x}', '%%{if x}'],
    ['$${', '$$${'],
    ['%%{', '%%%{'],
    ['a $ b % c {d}', 'a $ b % c {d}'],
    ['${a}${b}%{c}', '$${a}$${b}%%{c}'],
  ])('%s → %s', (text, escaped) => {
    expect(terraformLiteral(text)).toBe(escaped);
  });

  it('escapes keys and values of a map', () => {
    expect(terraformLiteralMap({ '${k}': '%{v}', plain: 'x' })).toEqual({ '$${k}': '%%{v}', plain: 'x' });
  });
});

/** Text close to Terraform's template syntax: `$`, `%`, braces, quotes, backslashes. */
const templateLike = fc.string({ unit: fc.constantFrom('$', '%', '{', '}', '$${', '%%{', '${', '%{', 'a', ' ', '"', '\\', '한'), maxLength: 24 });

describe('the terraform CLI reads escaped text back as the literal', () => {
  it('for ${, %{, $${, %%{ and random template-like text, in values and map keys', () => {
    const samples = ['${', '%{', '$${', '%%{', '${prod}', '%{ if true }x%{ endif }', '$${x}', ...fc.sample(templateLike, { numRuns: 60, seed: 9 })];
    const outputs: Record<string, unknown> = {};
    samples.forEach((text, i) => {
      outputs[`s${i}`] = terraformLiteral(text);
    });
    outputs.map = terraformLiteralMap(Object.fromEntries(samples.slice(0, 8).map((text, i) => [`${text}#${i}`, text])));

    const applied = appliedOutputs(outputs);

    samples.forEach((text, i) => expect(applied[`s${i}`]).toBe(text));
    expect(applied.map).toEqual(Object.fromEntries(samples.slice(0, 8).map((text, i) => [`${text}#${i}`, text])));
  });

  it('for the user text of a synthesized stack: pattern, alarm description, titles, bot name, tags', () => {
    const secretId = '${prod}';
    const account = resolveAccount({
      name: 'prod',
      id: '123456789012',
      region: 'ap-northeast-2',
      alerting: { healthEmails: ['oncall@example.com'] },
      detections: {
        exclusions: { principalArns: ['arn:aws:iam::123456789012:user/%{admin}'] },
        customDetections: [
          {
            name: 'SecretDeleted',
            title: { ko: '삭제 ${a}', en: 'Deleted %{b}' },
            description: 'was $${c}',
            pattern: `{ ($.eventName = "DeleteSecret") && ($.requestParameters.secretId != "${secretId}") }`,
          },
        ],
      },
      notifier: { botName: 'bot %{x}', locale: 'en' },
    });
    // The configuration refuses such tags (AWS does); a stack given them anyway still writes them literally.
    const stack = synthAccount({ ...account, tags: { 'team ${t}': 'sec %{u}' } });
    const compiled = account.detections.find((d) => d.name === 'SecretDeleted')!.pattern;
    const filter = Object.values(stack.resources('aws_cloudwatch_log_metric_filter')).find((f) => f.name === 'SecretDeleted')!;
    const alarm = Object.values(stack.resources('aws_cloudwatch_metric_alarm')).find((a) => a.alarm_name === 'SecretDeleted')!;
    const env = (Object.values(stack.resources('aws_lambda_function'))[0].environment as { variables: Record<string, string> }).variables;
    // Titles reach the notifier as its state table's detection items (stacks/notifier-state.ts).
    const item = Object.values(stack.resources('aws_dynamodb_table_item')).find((i) => String(i.item).includes('SecretDeleted'))!;
    const tags = ((stack.json.provider as { aws: { default_tags: { tags: Record<string, string> }[] }[] }).aws[0].default_tags[0].tags);

    const applied = appliedOutputs({ pattern: filter.pattern, description: alarm.alarm_description, bot: env.BOT_NAME, item: item.item, tags });

    expect(compiled).toContain('"${prod}"');
    expect(compiled).toContain('"arn:aws:iam::123456789012:user/%{admin}"');
    expect(applied.pattern).toBe(compiled);
    expect(applied.description).toBe('Deleted %{b} (custom): was $${c}');
    expect(applied.bot).toBe('bot %{x}');
    expect(JSON.stringify(JSON.parse(applied.item as string))).toContain(JSON.stringify('삭제 ${a}'));
    expect(JSON.stringify(JSON.parse(applied.item as string))).toContain(JSON.stringify('Deleted %{b}'));
    expect(applied.tags).toMatchObject({ 'team ${t}': 'sec %{u}' });
    // Nothing else in the stack carries the user's text unescaped.
    expect(strings(stack.json).filter((s) => /(?<![$%])[$%]\{(prod|a|b|x|t|u|admin)\}/.test(s))).toEqual([]);
  });
});
