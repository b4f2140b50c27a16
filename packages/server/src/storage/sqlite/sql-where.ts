/**
 * A WHERE clause from the conditions that apply: `add` leaves a condition out when any of its values is
 * undefined (an optional filter that was not given).
 *
 * @example
 *   const where = new Where().add('model = ?', q.model).add('ts >= ?', q.fromMs);
 *   db.prepare(`SELECT * FROM t ${where} ORDER BY ts`).all(...where.params);
 */
export class Where {
  private readonly conditions: string[] = [];
  readonly params: Array<string | number> = [];

  add(sql: string, ...values: Array<string | number | undefined>): this {
    if (values.some((v) => v === undefined)) return this;
    this.conditions.push(sql);
    this.params.push(...(values as Array<string | number>));
    return this;
  }

  toString(): string {
    return this.conditions.length ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }
}
