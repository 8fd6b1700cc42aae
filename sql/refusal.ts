/** A detection the SQL compiler cannot translate exactly; the message is the one-line reason. */
export class SqlRefusal extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'SqlRefusal';
  }
}
