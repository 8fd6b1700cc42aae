/**
 * The `principalArns` exclusion entry that covers a principal. An assumed-role ARN names one session
 * (`arn:aws:sts::111122223333:assumed-role/<role>/<session>`; the session is an e-mail, an instance id, a
 * random name per run), so it is widened to every session of the role; other ARNs are kept as they are.
 * Only a trailing `*` is used: CloudWatch's leading/trailing wildcards are reliable (catalog/types.ts).
 */
export function exclusionGlob(principalArn: string): string {
  const role = /^(arn:[^:]+:sts::\d*:assumed-role\/[^/]+\/)./.exec(principalArn);
  return role ? `${role[1]}*` : principalArn;
}
