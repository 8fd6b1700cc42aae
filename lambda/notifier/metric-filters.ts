/**
 * Which log group(s) and pattern feed an alarm's metric, asked of CloudWatch Logs itself
 * (DescribeMetricFilters by metric name + namespace), so no hand-kept map can drift from what is
 * deployed. Several filters may publish to one metric, and results are paginated (reference:
 * alarm-notifier-formats §4.1). Each call names one of the monitored log groups, so the function's
 * permission is scoped to those groups rather than `*`; without any (a library user's bare setup) the
 * call names none.
 */
import { DescribeMetricFiltersCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';

export interface MetricRef {
  readonly name: string;
  readonly namespace: string;
}

export interface MetricFilterRef {
  readonly filterName?: string;
  readonly logGroupName: string;
  readonly filterPattern: string;
}

export interface MetricFilterDirectory {
  find(metric: MetricRef, signal: AbortSignal): Promise<readonly MetricFilterRef[]>;
}

/**
 * Kept per container for `ttlMs`: an alarm burst then costs one lookup, and a filter changed by a
 * later `terraform apply` is picked up without waiting for a new container. A failed lookup is
 * not kept.
 * @param ttlMs @default 600_000 (10 minutes)
 */
export function createMetricFilterDirectory(
  client: CloudWatchLogsClient,
  logGroups: () => readonly string[],
  ttlMs = 600_000,
  now: () => number = Date.now,
): MetricFilterDirectory {
  const cache = new Map<string, { readonly at: number; readonly filters: Promise<readonly MetricFilterRef[]> }>();
  return {
    find(metric, signal) {
      const key = `${metric.namespace}\u0000${metric.name}`;
      const hit = cache.get(key);
      if (hit && now() - hit.at < ttlMs) return hit.filters;
      const groups = logGroups();
      const filters = Promise.all((groups.length > 0 ? groups : [undefined]).map((group) => describeAll(client, metric, group, signal))).then((found) =>
        found.flat(),
      );
      const entry = { at: now(), filters };
      cache.set(key, entry);
      filters.catch(() => {
        if (cache.get(key) === entry) cache.delete(key);
      });
      return filters;
    },
  };
}

async function describeAll(client: CloudWatchLogsClient, metric: MetricRef, logGroupName: string | undefined, signal: AbortSignal): Promise<MetricFilterRef[]> {
  const found: MetricFilterRef[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      // metricName and metricNamespace must be given together.
      new DescribeMetricFiltersCommand({ logGroupName, metricName: metric.name, metricNamespace: metric.namespace, nextToken }),
      { abortSignal: signal },
    );
    for (const f of page.metricFilters ?? []) {
      if (f.logGroupName && f.filterPattern !== undefined) {
        found.push({ filterName: f.filterName, logGroupName: f.logGroupName, filterPattern: f.filterPattern });
      }
    }
    nextToken = page.nextToken && page.nextToken !== nextToken ? page.nextToken : undefined;
  } while (nextToken);
  return found;
}
