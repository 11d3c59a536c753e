/**
 * PostgreSQL objects that Prisma's migration runner cannot apply: it splits a script at every
 * semicolon, quoted or not, so a PL/pgSQL function body never arrives whole. migrateDatabase runs
 * these after `prisma migrate deploy`, in one transaction, idempotently (CREATE OR REPLACE, and
 * triggers dropped and created again), so a database gets them whether it was migrated now or
 * before. The SQLite migrations create the same triggers with plain SQL.
 */
export const PG_ROUTINES_SQL = `
CREATE OR REPLACE FUNCTION "AuditEvent_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'AuditEvent is append-only: % refused', TG_OP;
END;
$$;
DROP TRIGGER IF EXISTS "AuditEvent_no_update" ON "AuditEvent";
CREATE TRIGGER "AuditEvent_no_update" BEFORE UPDATE ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION "AuditEvent_append_only"();
DROP TRIGGER IF EXISTS "AuditEvent_no_delete" ON "AuditEvent";
CREATE TRIGGER "AuditEvent_no_delete" BEFORE DELETE ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION "AuditEvent_append_only"();
-- TRUNCATE skips row triggers: refuse it too.
DROP TRIGGER IF EXISTS "AuditEvent_no_truncate" ON "AuditEvent";
CREATE TRIGGER "AuditEvent_no_truncate" BEFORE TRUNCATE ON "AuditEvent" FOR EACH STATEMENT EXECUTE FUNCTION "AuditEvent_append_only"();
`;
