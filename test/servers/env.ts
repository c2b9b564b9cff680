/** Server tests never skip: a missing database URL is a failure, so CI cannot pass without the databases. */
export function requireEnv(name: "DATABASE_URL_PG" | "DATABASE_URL_MYSQL"): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: the server tests need a real database (scripts/ci-databases.sh starts one and sets it).`);
  }
  return value;
}
