/**
 * What PerfLens knows about data-layer libraries: which constructors/factories open a connection,
 * pool, client or agent; which instances they produce (a pg Pool, a Prisma model delegate, a
 * mongodb Collection…); which methods on those instances are per-item lookups or writes; and the
 * batched form each library offers instead. Pure tables + small lookups, no AST walking here
 * (see data-layer-instances.ts for "what is this receiver?").
 */

export type Library = 'pg' | 'mysql' | 'prisma' | 'mongoose' | 'mongodb' | 'sequelize' | 'typeorm' | 'knex' | 'redis' | 'http';

/** What an instance is, which decides the methods that count as lookups on it. */
export type Role =
  | 'sql' // pg Pool/Client/PoolClient, mysql/mysql2 pool/connection: query/execute
  | 'prisma' // PrismaClient (or a transaction client)
  | 'prismaModel' // prisma.user
  | 'mongoClient'
  | 'mongoDb'
  | 'mongoCollection'
  | 'mongooseModel'
  | 'sequelize'
  | 'sequelizeModel'
  | 'typeormDataSource'
  | 'typeormManager'
  | 'typeormRepo'
  | 'typeormEntity' // active-record entity class (extends BaseEntity)
  | 'knex'
  | 'redis'
  | 'redisPipeline' // queued commands: already the batching tool
  | 'http' // axios/got instance or module, fetch
  | 'agent'; // http(s).Agent, undici Agent/Pool/Client

export interface Instance {
  lib: Library;
  role: Role;
  /** the module that created it, when known ('ioredis' vs 'redis' decides `mget` vs `mGet`) */
  module?: string;
}

/** What a factory creates, for missing-pooling: a pool is already the fix; a single connection is not. */
export type CreationKind = 'pool' | 'connection' | 'client' | 'agent';

export interface Factory {
  modules: readonly string[];
  /** export paths below the module (any of) */
  paths: readonly (readonly string[])[];
  via: 'new' | 'call';
  lib: Library;
  role: Role;
  /** set when the call opens connections (missing-pooling cares) */
  creates?: CreationKind;
  /** human name for messages */
  label: string;
}

export const MYSQL_MODULES = ['mysql', 'mysql2', 'mysql2/promise'] as const;

export const FACTORIES: readonly Factory[] = [
  { modules: ['pg'], paths: [['Pool'], ['default', 'Pool']], via: 'new', lib: 'pg', role: 'sql', creates: 'pool', label: 'pg Pool' },
  { modules: ['pg'], paths: [['Client'], ['default', 'Client']], via: 'new', lib: 'pg', role: 'sql', creates: 'connection', label: 'pg Client' },
  { modules: ['pg-pool'], paths: [[], ['default']], via: 'new', lib: 'pg', role: 'sql', creates: 'pool', label: 'pg Pool' },
  // PGlite: Postgres in-process (WASM); same query API as pg. Opening one is expensive (seconds), so per call is a missing pool too.
  { modules: ['@electric-sql/pglite'], paths: [['PGlite']], via: 'new', lib: 'pg', role: 'sql', creates: 'connection', label: 'PGlite database' },
  { modules: ['@electric-sql/pglite'], paths: [['PGlite', 'create']], via: 'call', lib: 'pg', role: 'sql', creates: 'connection', label: 'PGlite database' },
  { modules: MYSQL_MODULES, paths: [['createPool'], ['createPoolCluster'], ['default', 'createPool']], via: 'call', lib: 'mysql', role: 'sql', creates: 'pool', label: 'mysql pool' },
  { modules: MYSQL_MODULES, paths: [['createConnection'], ['default', 'createConnection']], via: 'call', lib: 'mysql', role: 'sql', creates: 'connection', label: 'mysql connection' },
  { modules: ['@prisma/client'], paths: [['PrismaClient']], via: 'new', lib: 'prisma', role: 'prisma', creates: 'client', label: 'PrismaClient' },
  { modules: ['mongodb'], paths: [['MongoClient']], via: 'new', lib: 'mongodb', role: 'mongoClient', creates: 'client', label: 'MongoClient' },
  { modules: ['mongodb'], paths: [['MongoClient', 'connect']], via: 'call', lib: 'mongodb', role: 'mongoClient', creates: 'client', label: 'MongoClient' },
  { modules: ['mongoose'], paths: [['createConnection'], ['default', 'createConnection']], via: 'call', lib: 'mongoose', role: 'mongoDb', creates: 'connection', label: 'mongoose connection' },
  { modules: ['mongoose'], paths: [['model'], ['default', 'model']], via: 'call', lib: 'mongoose', role: 'mongooseModel', label: 'mongoose model' },
  { modules: ['redis'], paths: [['createClient'], ['createCluster']], via: 'call', lib: 'redis', role: 'redis', creates: 'client', label: 'redis client' },
  { modules: ['ioredis'], paths: [[], ['Redis'], ['default'], ['Cluster'], ['default', 'Cluster']], via: 'new', lib: 'redis', role: 'redis', creates: 'client', label: 'ioredis client' },
  { modules: ['sequelize', '@sequelize/core'], paths: [['Sequelize'], [], ['default']], via: 'new', lib: 'sequelize', role: 'sequelize', creates: 'pool', label: 'Sequelize instance' },
  { modules: ['typeorm'], paths: [['DataSource']], via: 'new', lib: 'typeorm', role: 'typeormDataSource', creates: 'pool', label: 'TypeORM DataSource' },
  { modules: ['typeorm'], paths: [['createConnection']], via: 'call', lib: 'typeorm', role: 'typeormDataSource', creates: 'pool', label: 'TypeORM connection' },
  { modules: ['typeorm'], paths: [['getRepository']], via: 'call', lib: 'typeorm', role: 'typeormRepo', label: 'TypeORM repository' },
  { modules: ['typeorm'], paths: [['getManager']], via: 'call', lib: 'typeorm', role: 'typeormManager', label: 'TypeORM manager' },
  { modules: ['knex'], paths: [[], ['knex'], ['default']], via: 'call', lib: 'knex', role: 'knex', creates: 'pool', label: 'knex instance' },
  { modules: ['http', 'https'], paths: [['Agent'], ['default', 'Agent']], via: 'new', lib: 'http', role: 'agent', creates: 'agent', label: 'http Agent' },
  { modules: ['undici'], paths: [['Agent'], ['Pool'], ['Client']], via: 'new', lib: 'http', role: 'agent', creates: 'agent', label: 'undici dispatcher' },
  { modules: ['axios'], paths: [['create'], ['default', 'create']], via: 'call', lib: 'http', role: 'http', label: 'axios instance' },
  { modules: ['got'], paths: [['extend'], ['got', 'extend'], ['default', 'extend']], via: 'call', lib: 'http', role: 'http', label: 'got instance' },
];

/** Module objects that are themselves lookup-capable instances (`axios.get`, `got(url)`). */
export function moduleInstance(module: string, path: readonly string[]): Instance | undefined {
  const p = path[0] === 'default' ? path.slice(1) : path;
  if ((module === 'axios' || module === 'got') && p.length === 0) return { lib: 'http', role: 'http' };
  if (module === 'got' && p.length === 1 && p[0] === 'got') return { lib: 'http', role: 'http' };
  if (module === 'mongoose' && p.length === 1 && p[0] === 'connection') return { lib: 'mongoose', role: 'mongoDb' };
  if (module === 'mongoose' && p.length === 2 && p[0] === 'models') return { lib: 'mongoose', role: 'mongooseModel' };
  return undefined;
}

export function isPrismaModule(module: string): boolean {
  return module === '@prisma/client' || /(^|[/.])prisma([/-]|$)/.test(module) || module.endsWith('/client') && module.includes('prisma');
}

/** Finds the factory for `new X()` / `X()` whose callee resolved to (module, path). */
export function factoryFor(module: string, path: readonly string[], via: 'new' | 'call'): Factory | undefined {
  // generated Prisma clients live at custom paths (`./generated/prisma`)
  if (via === 'new' && path.at(-1) === 'PrismaClient' && isPrismaModule(module)) return FACTORIES.find((f) => f.role === 'prisma');
  return FACTORIES.find((f) => f.via === via && f.modules.includes(module) && f.paths.some((p) => samePath(p, path)));
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Instances produced by calling a method on an instance (`client.db()`, `pool.connect()`, `redis.pipeline()`). */
export function derivedByCall(base: Instance, method: string): Instance | undefined {
  const derived = derivedByCallRole(base, method);
  return derived && { ...derived, module: derived.module ?? base.module };
}

function derivedByCallRole(base: Instance, method: string): Instance | undefined {
  switch (base.role) {
    case 'sql':
      return method === 'connect' || method === 'getConnection' || method === 'promise' ? base : undefined;
    case 'prisma':
      return method === '$extends' ? base : undefined;
    case 'mongoClient':
      return method === 'db' ? { lib: base.lib, role: 'mongoDb' } : undefined;
    case 'mongoDb':
      if (method === 'collection') return { lib: 'mongodb', role: 'mongoCollection' };
      if (method === 'model') return { lib: 'mongoose', role: 'mongooseModel' };
      return undefined;
    case 'sequelize':
      return method === 'define' ? { lib: 'sequelize', role: 'sequelizeModel' } : undefined;
    case 'typeormDataSource':
    case 'typeormManager':
      if (method === 'getRepository' || method === 'getTreeRepository') return { lib: 'typeorm', role: 'typeormRepo' };
      return method === 'initialize' ? base : undefined;
    case 'redis':
      if (method === 'pipeline' || method === 'multi') return { lib: 'redis', role: 'redisPipeline' };
      return method === 'duplicate' ? base : undefined;
    case 'http':
      return method === 'create' || method === 'extend' ? base : undefined;
    default:
      return undefined;
  }
}

/** Instances reached by a property (`prisma.user`, `dataSource.manager`, `sequelize.models.User`). */
export function derivedByProperty(base: Instance, name: string): Instance | undefined {
  switch (base.role) {
    case 'prisma':
      return name.startsWith('$') ? undefined : { lib: 'prisma', role: 'prismaModel' };
    case 'typeormDataSource':
      return name === 'manager' ? { lib: 'typeorm', role: 'typeormManager' } : undefined;
    case 'sequelize':
      return name === 'models' ? { lib: 'sequelize', role: 'sequelize' /* the models bag */ } : undefined;
    default:
      return undefined;
  }
}

/** Callbacks whose first parameter is a transaction-scoped instance of the same library. */
export function transactionParam(base: Instance, method: string): Instance | undefined {
  if (base.role === 'prisma' && method === '$transaction') return base;
  if (base.role === 'knex' && method === 'transaction') return base;
  if ((base.role === 'typeormDataSource' || base.role === 'typeormManager') && method === 'transaction') return { lib: 'typeorm', role: 'typeormManager' };
  return undefined;
}

/** Type names (from the library's typings) → instance. Used with the checker and with type annotations. */
export function instanceOfTypeName(lib: Library | undefined, module: string, name: string): Instance | undefined {
  const m = module;
  if (m === 'pg' && ['Pool', 'Client', 'PoolClient'].includes(name)) return { lib: 'pg', role: 'sql' };
  if ((MYSQL_MODULES as readonly string[]).includes(m) && ['Pool', 'Connection', 'PoolConnection', 'PoolCluster'].includes(name)) return { lib: 'mysql', role: 'sql' };
  if (isPrismaModule(m)) {
    if (name === 'PrismaClient' || name === 'TransactionClient') return { lib: 'prisma', role: 'prisma' };
    if (name.endsWith('Delegate')) return { lib: 'prisma', role: 'prismaModel' };
  }
  if (m === 'mongodb') {
    if (name === 'MongoClient') return { lib: 'mongodb', role: 'mongoClient' };
    if (name === 'Db') return { lib: 'mongodb', role: 'mongoDb' };
    if (name === 'Collection') return { lib: 'mongodb', role: 'mongoCollection' };
  }
  if (m === 'mongoose') {
    if (name === 'Model') return { lib: 'mongoose', role: 'mongooseModel' };
    if (name === 'Connection') return { lib: 'mongoose', role: 'mongoDb' };
  }
  if (m === 'sequelize' || m === '@sequelize/core') {
    if (name === 'Sequelize') return { lib: 'sequelize', role: 'sequelize' };
    if (name === 'ModelStatic' || name === 'ModelCtor') return { lib: 'sequelize', role: 'sequelizeModel' };
  }
  if (m === 'typeorm') {
    if (name === 'Repository' || name === 'TreeRepository' || name === 'MongoRepository') return { lib: 'typeorm', role: 'typeormRepo' };
    if (name === 'EntityManager') return { lib: 'typeorm', role: 'typeormManager' };
    if (name === 'DataSource' || name === 'Connection') return { lib: 'typeorm', role: 'typeormDataSource' };
  }
  if (m === 'knex' && name === 'Knex') return { lib: 'knex', role: 'knex' };
  if (m === 'ioredis' && ['Redis', 'Cluster'].includes(name)) return { lib: 'redis', role: 'redis' };
  if ((m === 'redis' || m === '@redis/client') && /^Redis(Client|Cluster)(Type)?$/.test(name)) return { lib: 'redis', role: 'redis' };
  if (m === 'ioredis' && ['ChainableCommander', 'Pipeline'].includes(name)) return { lib: 'redis', role: 'redisPipeline' };
  if (m === 'axios' && ['AxiosInstance', 'AxiosStatic', 'Axios'].includes(name)) return { lib: 'http', role: 'http' };
  if (m === 'got' && name === 'Got') return { lib: 'http', role: 'http' };
  void lib;
  return undefined;
}

/**
 * Modules whose typings instanceOfTypeName can recognise (keep in step with it). A program without
 * a declaration file of any of these cannot give a receiver a data-layer type, so the type-based
 * fallback (a full type computation per receiver) is skipped there.
 */
export function isTypedDataLayerModule(module: string): boolean {
  return (
    TYPED_MODULES.has(module) || (MYSQL_MODULES as readonly string[]).includes(module) || isPrismaModule(module)
  );
}
const TYPED_MODULES = new Set(['pg', 'mongodb', 'mongoose', 'sequelize', '@sequelize/core', 'typeorm', 'knex', 'ioredis', 'redis', '@redis/client', 'axios', 'got']);

/** Base classes whose subclasses are models used through static methods (`User.findByPk`). */
export function instanceOfBaseClass(module: string, path: readonly string[]): Instance | undefined {
  const name = path.at(-1);
  if ((module === 'sequelize' || module === '@sequelize/core') && name === 'Model') return { lib: 'sequelize', role: 'sequelizeModel' };
  if (module === 'typeorm' && name === 'BaseEntity') return { lib: 'typeorm', role: 'typeormEntity' };
  return undefined;
}

/** Base classes whose subclass *instances* are clients (`class PrismaService extends PrismaClient`). */
export function instanceOfExtendedClient(module: string, path: readonly string[]): Instance | undefined {
  const name = path.at(-1);
  if (name === 'PrismaClient' && isPrismaModule(module)) return { lib: 'prisma', role: 'prisma' };
  if (module === 'ioredis' && (path.length === 0 || name === 'Redis' || name === 'default')) return { lib: 'redis', role: 'redis' };
  if (module === 'pg' && (name === 'Pool' || name === 'Client')) return { lib: 'pg', role: 'sql' };
  return undefined;
}

/** node_modules path of a declaration file → module name (for type-based identification). */
export function moduleOfDeclarationFile(fileName: string): string | undefined {
  const f = fileName.replace(/\\/g, '/');
  if (/\/\.prisma\/client\//.test(f) || /\/@prisma\/client\//.test(f)) return '@prisma/client';
  const m = /\/node_modules\/(?:@types\/)?((?:@[^/]+\/)?[^/]+)\/(?:(promise)(?:\.d\.ts|\/))?/.exec(f);
  if (!m) return undefined;
  const name = m[1]!;
  if (name === 'mysql2' && /\/mysql2\/promise/.test(f)) return 'mysql2/promise';
  return name;
}

// ---------------------------------------------------------------------------------------------
// Lookups: per-library method tables and their batched forms.

export type LookupKind = 'read' | 'insert' | 'delete' | 'update' | 'command';

export interface MethodInfo {
  kind: LookupKind;
  /** the one batched call to use instead (markdown-ish, in backticks) */
  batched: string;
}

const PRISMA_METHODS: Record<string, MethodInfo> = {
  findUnique: { kind: 'read', batched: '`findMany({ where: { id: { in: ids } } })`' },
  findUniqueOrThrow: { kind: 'read', batched: '`findMany({ where: { id: { in: ids } } })`' },
  findFirst: { kind: 'read', batched: '`findMany({ where: { key: { in: keys } } })` (or an `include` on the parent query)' },
  findFirstOrThrow: { kind: 'read', batched: '`findMany({ where: { key: { in: keys } } })`' },
  findMany: { kind: 'read', batched: 'one `findMany` with `{ in: keys }` (or an `include` on the parent query)' },
  count: { kind: 'read', batched: '`groupBy({ by: [key], _count: true })`' },
  aggregate: { kind: 'read', batched: '`groupBy` with the aggregate' },
  create: { kind: 'insert', batched: '`createMany({ data: rows })`' },
  delete: { kind: 'delete', batched: '`deleteMany({ where: { id: { in: ids } } })`' },
};

const MONGOOSE_METHODS: Record<string, MethodInfo> = {
  findById: { kind: 'read', batched: '`find({ _id: { $in: ids } })`' },
  findOne: { kind: 'read', batched: '`find({ key: { $in: keys } })`' },
  find: { kind: 'read', batched: 'one `find({ key: { $in: keys } })` (or `populate`)' },
  countDocuments: { kind: 'read', batched: 'one `aggregate` with `$group`' },
  exists: { kind: 'read', batched: '`find({ key: { $in: keys } })`' },
  create: { kind: 'insert', batched: '`insertMany(docs)`' },
  insertOne: { kind: 'insert', batched: '`insertMany(docs)`' },
  deleteOne: { kind: 'delete', batched: '`deleteMany({ _id: { $in: ids } })`' },
  findByIdAndDelete: { kind: 'delete', batched: '`deleteMany({ _id: { $in: ids } })`' },
  updateOne: { kind: 'update', batched: 'one `bulkWrite` of `updateOne` operations' },
  findByIdAndUpdate: { kind: 'update', batched: 'one `bulkWrite` of `updateOne` operations' },
};

const MONGODB_METHODS: Record<string, MethodInfo> = {
  findOne: { kind: 'read', batched: '`find({ key: { $in: keys } }).toArray()`' },
  find: { kind: 'read', batched: 'one `find({ key: { $in: keys } })` (or an `$lookup`)' },
  countDocuments: { kind: 'read', batched: 'one `aggregate` with `$group`' },
  insertOne: { kind: 'insert', batched: '`insertMany(docs)`' },
  deleteOne: { kind: 'delete', batched: '`deleteMany({ _id: { $in: ids } })`' },
  updateOne: { kind: 'update', batched: 'one `bulkWrite` of `updateOne` operations' },
  replaceOne: { kind: 'update', batched: 'one `bulkWrite` of `replaceOne` operations' },
};

const SEQUELIZE_METHODS: Record<string, MethodInfo> = {
  findByPk: { kind: 'read', batched: '`findAll({ where: { id: ids } })`' },
  findOne: { kind: 'read', batched: '`findAll({ where: { key: keys } })` (or `include` on the parent query)' },
  findAll: { kind: 'read', batched: 'one `findAll({ where: { key: keys } })` (or `include` on the parent query)' },
  count: { kind: 'read', batched: '`count({ group: [key] })`' },
  create: { kind: 'insert', batched: '`bulkCreate(rows)`' },
  destroy: { kind: 'delete', batched: '`destroy({ where: { id: ids } })`' },
};

const TYPEORM_METHODS: Record<string, MethodInfo> = {
  findOne: { kind: 'read', batched: '`findBy({ id: In(ids) })`' },
  findOneBy: { kind: 'read', batched: '`findBy({ id: In(ids) })`' },
  findOneOrFail: { kind: 'read', batched: '`findBy({ id: In(ids) })`' },
  findOneByOrFail: { kind: 'read', batched: '`findBy({ id: In(ids) })`' },
  find: { kind: 'read', batched: 'one `find` with `In(keys)` (or `relations` on the parent query)' },
  findBy: { kind: 'read', batched: 'one `findBy({ key: In(keys) })`' },
  count: { kind: 'read', batched: 'one grouped `createQueryBuilder().groupBy(key)` count' },
  countBy: { kind: 'read', batched: 'one grouped `createQueryBuilder().groupBy(key)` count' },
  exists: { kind: 'read', batched: '`findBy({ key: In(keys) })`' },
  existsBy: { kind: 'read', batched: '`findBy({ key: In(keys) })`' },
  save: { kind: 'insert', batched: '`save(entities)` with the whole array' },
  insert: { kind: 'insert', batched: '`insert(rows)` with the whole array' },
  delete: { kind: 'delete', batched: '`delete(ids)` with the whole array' },
  remove: { kind: 'delete', batched: '`remove(entities)` with the whole array' },
};

const REDIS_BATCH: Record<string, string> = {
  get: '`mget(keys)`',
  set: '`mset` (or one `pipeline()`)',
  hget: 'one `pipeline()`',
  hgetall: 'one `pipeline()`',
  exists: '`exists(...keys)`',
  del: '`del(...keys)`',
  unlink: '`unlink(...keys)`',
};
const REDIS_COMMANDS = new Set([
  'get', 'set', 'setex', 'hget', 'hset', 'hgetall', 'hmget', 'hmset', 'del', 'unlink', 'exists', 'incr', 'incrby', 'expire', 'ttl',
  'sadd', 'srem', 'smembers', 'sismember', 'scard', 'zadd', 'zscore', 'zrange', 'zrangebyscore', 'zcard', 'lrange', 'lpush', 'rpush', 'llen', 'getex', 'type',
]);

/** node-redis v4 spells commands in camelCase (`hGetAll`): normalise to the lower-case command. */
export function redisCommand(method: string): string | undefined {
  const lower = method.toLowerCase();
  return REDIS_COMMANDS.has(lower) ? lower : undefined;
}

export function redisMethodInfo(method: string): MethodInfo | undefined {
  const cmd = redisCommand(method);
  if (!cmd) return undefined;
  return { kind: 'command', batched: REDIS_BATCH[cmd] ?? 'one `pipeline()` (one round trip)' };
}

export function ormMethodInfo(role: Role, method: string): MethodInfo | undefined {
  const table =
    role === 'prismaModel'
      ? PRISMA_METHODS
      : role === 'mongooseModel'
        ? MONGOOSE_METHODS
        : role === 'mongoCollection'
          ? MONGODB_METHODS
          : role === 'sequelizeModel'
            ? SEQUELIZE_METHODS
            : role === 'typeormRepo' || role === 'typeormManager' || role === 'typeormEntity'
              ? TYPEORM_METHODS
              : undefined;
  return table && Object.prototype.hasOwnProperty.call(table, method) ? table[method] : undefined;
}

/** All method names that may be lookups on some instance: the cheap pre-filter before any checker call. */
export const LOOKUP_METHOD_NAMES: ReadonlySet<string> = new Set([
  'query', 'execute',
  ...Object.keys(PRISMA_METHODS), ...Object.keys(MONGOOSE_METHODS), ...Object.keys(MONGODB_METHODS),
  ...Object.keys(SEQUELIZE_METHODS), ...Object.keys(TYPEORM_METHODS),
  'get', 'head', 'request',
]);

export function isRedisMethodName(name: string): boolean {
  return redisCommand(name) !== undefined;
}

/** Method names distinctive enough to identify an ORM without types (used only when the receiver is unknown). */
export const DISTINCTIVE_ORM_METHODS: Readonly<Record<string, Instance>> = {
  findUnique: { lib: 'prisma', role: 'prismaModel' },
  findUniqueOrThrow: { lib: 'prisma', role: 'prismaModel' },
  findFirstOrThrow: { lib: 'prisma', role: 'prismaModel' },
  findByPk: { lib: 'sequelize', role: 'sequelizeModel' },
  findOneBy: { lib: 'typeorm', role: 'typeormRepo' },
  findOneByOrFail: { lib: 'typeorm', role: 'typeormRepo' },
  findOneOrFail: { lib: 'typeorm', role: 'typeormRepo' },
};

// ---------------------------------------------------------------------------------------------
// SQL text.

export type SqlVerb = 'select' | 'insert' | 'update' | 'delete' | 'other';

export function sqlVerb(sql: string): SqlVerb {
  const s = sql.replace(/^\s*(--[^\n]*\n\s*)*/, '').trimStart().toLowerCase();
  if (s.startsWith('select') || s.startsWith('with')) return 'select';
  if (s.startsWith('insert')) return 'insert';
  if (s.startsWith('update')) return 'update';
  if (s.startsWith('delete')) return 'delete';
  return 'other';
}

/** Already a set-based query: `IN (…)`, `= ANY($1)`, `unnest(`, a multi-row VALUES placeholder. */
export function sqlIsBatched(sql: string): boolean {
  return /\bin\s*\(\s*(\?|\$\d|:\w|\$\{|\(|select)/i.test(sql) || /\bany\s*\(/i.test(sql) || /\bunnest\s*\(/i.test(sql) || /\bvalues\s+\?/i.test(sql) || /\bLISTEN\b|\bNOTIFY\b/.test(sql);
}

export function sqlBatchedForm(lib: 'pg' | 'mysql', verb: SqlVerb): string {
  if (lib === 'pg') {
    if (verb === 'insert') return 'one multi-row `INSERT … SELECT * FROM unnest($1::int[], …)`';
    return 'one query with `= ANY($1)` and the array of keys';
  }
  if (verb === 'insert') return 'one `INSERT … VALUES ?` with all rows';
  return 'one query with `IN (?)` and the array of keys';
}

/** Labels for messages. */
export const LIBRARY_LABEL: Record<Library, string> = {
  pg: 'pg',
  mysql: 'mysql',
  prisma: 'Prisma',
  mongoose: 'mongoose',
  mongodb: 'mongodb',
  sequelize: 'Sequelize',
  typeorm: 'TypeORM',
  knex: 'knex',
  redis: 'Redis',
  http: 'HTTP',
};

/** Methods that close an instance (removed when the per-call creation becomes a shared pool). */
export const CLOSE_METHODS = new Set(['end', 'close', 'quit', 'disconnect', '$disconnect', 'destroy']);

/** Modules whose import makes a file worth a missing-pooling look (text pre-filter). */
export const CONNECTION_MODULE_PATTERN =
  /['"](?:node:)?(?:pg|pg-pool|mysql|mysql2|mysql2\/promise|@prisma\/client|[^'"\n]*prisma[^'"\n]*|mongodb|mongoose|redis|ioredis|sequelize|@sequelize\/core|typeorm|knex|http|https|undici|@electric-sql\/pglite)['"]/;
