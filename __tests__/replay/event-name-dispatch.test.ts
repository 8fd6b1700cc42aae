import fc from 'fast-check';
import { compileDetections } from '../../catalog/compile';
import { compileMatcher } from '../../pattern/evaluate';
import { parsePattern } from '../../pattern/parse';
import { EventNameDispatch, eventNameCondition } from '../../replay/event-name-dispatch';

const condition = (pattern: string) => {
  const parsed = parsePattern(pattern);
  if (parsed.kind !== 'json') throw new Error('json pattern expected');
  const found = eventNameCondition(parsed.expr);
  return found && { names: [...found.names].sort(), prefixes: found.prefixes };
};

describe('eventNameCondition', () => {
  it('takes exact names and wildcard prefixes from $.eventName equalities', () => {
    expect(condition('{$.eventName="A"||$.eventName=B||$.eventName="Delete*"}')).toEqual({ names: ['A', 'B'], prefixes: ['Delete'] });
  });

  it('an AND needs one constrained term; an OR needs all of them', () => {
    expect(condition('{$.eventSource="s3.amazonaws.com"&&($.eventName="A"||$.eventName="B")}')).toEqual({ names: ['A', 'B'], prefixes: [] });
    expect(condition('{$.eventName="A"||$.errorCode="AccessDenied*"}')).toBeUndefined();
    expect(condition('{($.eventSource="x"&&$.eventName="A")||($.eventSource="y"&&$.eventName="B")}')).toEqual({ names: ['A', 'B'], prefixes: [] });
  });

  it('claims nothing it cannot be sure of', () => {
    for (const pattern of ['{$.eventName!="A"}', '{$.eventName="*Login"}', '{$.eventName=%Login%}', '{$.requestParameters.eventName="A"}', '{$.eventName NOT EXISTS}']) {
      expect(condition(pattern)).toBeUndefined();
    }
  });
});

describe('EventNameDispatch', () => {
  it('never leaves out a catalog detection that matches the event (property, both profiles)', () => {
    let matched = 0;
    for (const profile of ['human', 'cis-securityhub'] as const) {
      const detections = compileDetections({ profile }, 'test');
      const patterns = detections.map((detection) => parsePattern(detection.pattern));
      const matchers = patterns.map((pattern) => compileMatcher(pattern));
      const dispatch = new EventNameDispatch(patterns);
      const names = [...new Set(detections.flatMap((detection) => [...detection.pattern.matchAll(/\$\.eventName="([^"]*)"/g)].map((m) => m[1])))];
      // No eventName at all: a CloudTrail Insights event.
      const eventName = fc.option(fc.oneof(fc.constantFrom(...names, 'DeleteFunction20150331v2', 'DescribeInstances'), fc.string()), { nil: undefined, freq: 8 });
      const event = fc.record({
        eventName,
        eventTime: fc.constant('2024-05-01T00:00:00Z'),
        eventSource: fc.constantFrom('ec2.amazonaws.com', 'iam.amazonaws.com', 'lambda.amazonaws.com', 'guardduty.amazonaws.com', 'signin.amazonaws.com'),
        errorCode: fc.option(fc.constantFrom('AccessDenied', 'Client.UnauthorizedOperation')),
        userIdentity: fc.record({ type: fc.constantFrom('IAMUser', 'Root', 'AWSService', 'AssumedRole') }),
        responseElements: fc.option(fc.record({ ConsoleLogin: fc.constantFrom('Success', 'Failure') })),
        requestParameters: fc.option(fc.record({ enable: fc.boolean() })),
      });
      fc.assert(
        fc.property(event, (record) => {
          const candidates = dispatch.candidates(record.eventName);
          matchers.forEach((matches, i) => {
            if (!matches(record)) return;
            matched++;
            expect(candidates).toContain(i);
          });
        }),
        { numRuns: 500 },
      );
    }
    expect(matched).toBeGreaterThan(100); // the property was put to the test
  });

  it('offers an event without eventName only the detections without an eventName condition', () => {
    const patterns = ['{$.eventName=A}', '{$.eventType=AwsCloudTrailInsight}', '{$.eventName="Delete*"||$.eventName=B}'].map((pattern) => parsePattern(pattern));
    expect(new EventNameDispatch(patterns).candidates(undefined)).toEqual([1]);
  });

  it('spares most matchers on a read event', () => {
    const patterns = compileDetections({}, 'test').map((detection) => parsePattern(detection.pattern));
    expect(new EventNameDispatch(patterns).candidates('DescribeInstances').length).toBeLessThanOrEqual(3);
  });
});
