/** What the notify verbs share: the admin API's notification, in one line, and the flags of its times. */
export interface Notification {
  id: string;
  kind: string;
  title: string;
  status: string;
  state: string;
  updates: unknown[];
}

export const describe = (n: Notification): string =>
  `${n.id}  ${n.kind}  ${n.state}  ${n.status}  ${n.title}  (${n.updates.length} update${n.updates.length === 1 ? '' : 's'})`;

/** The flags of post and update, under the names the admin API takes. */
export const TIME_FIELDS = { title: 'title', status: 'status', startsAt: 'startsAt', endsAt: 'endsAt' };
