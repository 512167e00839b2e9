-- FerretDB v1's PostgreSQL backend asks for an equality on a field as
-- `_jsonb -> 'field' @> value`, and its own indexes on a field are btree indexes on
-- `(_jsonb -> 'field')`, which cannot serve `@>`: every find by _id (and every lookup on an
-- indexed field) reads the whole collection (FerretDB issue #4646; measured here: 12.7 ms for
-- one product by _id among 3,766). A GIN index on the same expression serves `@>`.
--
-- Run by infra.sh, as the superuser, in FerretDB's database (idempotent): the event trigger
-- gives every btree index FerretDB creates from now on a GIN twin on its first field, and the
-- block at the end does the same for the indexes already there. FerretDB knows nothing of the
-- twins; dropping a collection drops them with its table. On a real MongoDB none of this exists.

CREATE OR REPLACE FUNCTION commerce_gin_twin(index_oid oid) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  ix record;
  field text;
BEGIN
  SELECT n.nspname AS schema_name, t.relname AS table_name, am.amname, pg_get_indexdef(i.indexrelid, 1, true) AS first_key
    INTO ix
    FROM pg_index i
    JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    JOIN pg_class ic ON ic.oid = i.indexrelid
    JOIN pg_am am ON am.oid = ic.relam
   WHERE i.indexrelid = index_oid;
  IF NOT FOUND OR ix.amname <> 'btree' THEN
    RETURN;
  END IF;
  field := substring(ix.first_key FROM '^\(?_jsonb -> ''([^'']+)''::text\)?$');
  IF field IS NULL THEN
    RETURN;
  END IF;
  -- Searches stay fast without a pending list to read (fastupdate off): these tables are
  -- written as often as they are read.
  EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %I.%I USING gin ((_jsonb -> %L)) WITH (fastupdate = off)',
    left(ix.table_name, 40) || '_' || left(md5(field), 8) || '_gin', ix.schema_name, ix.table_name, field);
END $$;

CREATE OR REPLACE FUNCTION commerce_gin_twins_on_create() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE
  created record;
BEGIN
  FOR created IN SELECT objid FROM pg_event_trigger_ddl_commands() WHERE command_tag = 'CREATE INDEX' AND object_type = 'index' LOOP
    -- A twin that cannot be made must never fail FerretDB's own index.
    BEGIN
      PERFORM commerce_gin_twin(created.objid);
    EXCEPTION WHEN OTHERS THEN
      RAISE WARNING 'no GIN twin for index %: %', created.objid::regclass, SQLERRM;
    END;
  END LOOP;
END $$;

DROP EVENT TRIGGER IF EXISTS commerce_gin_twins;
CREATE EVENT TRIGGER commerce_gin_twins ON ddl_command_end WHEN TAG IN ('CREATE INDEX')
  EXECUTE FUNCTION commerce_gin_twins_on_create();

DO $$
DECLARE
  existing record;
BEGIN
  FOR existing IN
    SELECT i.indexrelid FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
  LOOP
    PERFORM commerce_gin_twin(existing.indexrelid);
  END LOOP;
END $$;
