import { exclusionGlob } from '../../replay/exclusion-glob';
import { TopCounter } from '../../replay/top-counter';

describe('TopCounter', () => {
  it('counts exactly and orders by count, then by value', () => {
    const counter = new TopCounter();
    for (const value of ['b', 'a', 'c', 'a', 'b', 'a', 'd']) counter.add(value);
    expect(counter.top(3)).toEqual([
      ['a', 3],
      ['b', 2],
      ['c', 1],
    ]);
  });

  it('stays bounded over many distinct values and keeps the frequent ones exact', () => {
    // With room for 100 values, 101 new ones come between two cuts; a value with a few % of the events gains
    // several counts in that time and always outranks the newcomers' single counts.
    const counter = new TopCounter(100);
    for (let i = 0; i < 100_000; i++) {
      counter.add(`rare-${i}`);
      if (i % 10 === 0) counter.add('frequent');
      if (i % 20 === 0) counter.add('second');
    }
    expect(counter.top(2)).toEqual([
      ['frequent', 10_000],
      ['second', 5_000],
    ]);
    expect((counter as unknown as { counts: Map<string, number> }).counts.size).toBeLessThanOrEqual(200);
  });
});

describe('exclusionGlob', () => {
  it('widens a role session to every session of the role', () => {
    expect(exclusionGlob('arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_1a2b/bob@example.com')).toBe(
      'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_1a2b/*',
    );
    expect(exclusionGlob('arn:aws-cn:sts::111122223333:assumed-role/ec2-app/i-0abc')).toBe('arn:aws-cn:sts::111122223333:assumed-role/ec2-app/*');
  });

  it('keeps users and other ARNs as they are', () => {
    expect(exclusionGlob('arn:aws:iam::111122223333:user/mzc_msp_1')).toBe('arn:aws:iam::111122223333:user/mzc_msp_1');
  });
});
