// The `sql` template for PostgreSQL: every interpolated value becomes a numbered parameter ($1, $2, …), never text;
// an interpolated PgSql fragment is spliced in with its values renumbered. Arrays bind as PostgreSQL arrays
// (`= ANY(${ids})`), so one statement text serves every list length.
export type PgValue = string | number | bigint | boolean | null | readonly string[] | readonly number[];

export class PgSql {
  /** @internal use the `pg` template */
  constructor(
    readonly parts: readonly string[],
    readonly values: readonly PgValue[],
  ) {}

  /** The statement text with $n placeholders. */
  get text(): string {
    let out = this.parts[0] ?? '';
    for (let i = 1; i < this.parts.length; i++) out += `$${i}${this.parts[i]}`;
    return out;
  }
}

export function pg(strings: TemplateStringsArray, ...params: Array<PgValue | PgSql | undefined>): PgSql {
  const parts: string[] = [strings[0] ?? ''];
  const values: PgValue[] = [];
  params.forEach((param, i) => {
    if (param instanceof PgSql) {
      parts[parts.length - 1] += param.parts[0] ?? '';
      for (let k = 1; k < param.parts.length; k++) parts.push(param.parts[k]!);
      values.push(...param.values);
    } else {
      if (param === undefined) throw new TypeError(`pg: parameter ${i + 1} is undefined`);
      if (typeof param === 'number' && !Number.isFinite(param)) throw new TypeError(`pg: parameter ${i + 1} is not a finite number (${param})`);
      values.push(param);
      parts.push('');
    }
    parts[parts.length - 1] += strings[i + 1] ?? '';
  });
  return new PgSql(parts, values);
}

export const pgEmpty = new PgSql([''], []);

export function pgJoin(fragments: readonly PgSql[], separator: PgSql = pg`, `): PgSql {
  let out = pgEmpty;
  fragments.forEach((f, i) => {
    out = i === 0 ? pg`${f}` : pg`${out}${separator}${f}`;
  });
  return out;
}
