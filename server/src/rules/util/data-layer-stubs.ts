/**
 * Minimal typings of data-layer libraries for rule tests (`files: { ...PG_TYPES }`): real projects
 * have @types/… or bundled typings; these carry just the names the rules and the fixes touch.
 */
export const PG_TYPES = {
  'node_modules/pg/index.d.ts': `export interface QueryResult<R = any> { rows: R[]; rowCount: number | null }
export class Pool {
  constructor(config?: { connectionString?: string; max?: number });
  query<R = any>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
  connect(): Promise<PoolClient>;
  end(): Promise<void>;
}
export class Client {
  constructor(config?: { connectionString?: string });
  query<R = any>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
  connect(): Promise<void>;
  end(): Promise<void>;
  on(event: string, cb: (...args: any[]) => void): this;
}
export interface PoolClient { query<R = any>(text: string, values?: unknown[]): Promise<QueryResult<R>>; release(): void }
`,
};

export const PRISMA_TYPES = {
  'node_modules/@prisma/client/index.d.ts': `export interface User { id: number; email: string; teamId: number }
export interface Post { id: number; authorId: number; title: string }
type Where<T> = { [K in keyof T]?: T[K] | { in: T[K][] } };
export interface Delegate<T> {
  findUnique(args: { where: Partial<T>; select?: unknown }): Promise<T | null>;
  findFirst(args: { where: Where<T> }): Promise<T | null>;
  findMany(args?: { where?: Where<T>; take?: number; include?: unknown }): Promise<T[]>;
  create(args: { data: Omit<T, 'id'> }): Promise<T>;
  update(args: { where: Partial<T>; data: Partial<T> }): Promise<T>;
}
export class PrismaClient {
  user: Delegate<User>;
  post: Delegate<Post>;
  $disconnect(): Promise<void>;
}
`,
};

export const IOREDIS_TYPES = {
  'node_modules/ioredis/index.d.ts': `export default class Redis {
  constructor(url?: string);
  get(key: string): Promise<string | null>;
  mget(keys: string[]): Promise<(string | null)[]>;
  set(key: string, value: string): Promise<'OK'>;
  pipeline(): { get(key: string): unknown; exec(): Promise<unknown> };
  quit(): Promise<'OK'>;
}
`,
};
