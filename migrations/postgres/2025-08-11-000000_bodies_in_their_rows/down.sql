ALTER TABLE articles RESET (toast_tuple_target);
DO $$
BEGIN
    IF current_setting('server_version_num')::int >= 140000 THEN
        EXECUTE 'ALTER TABLE articles ALTER COLUMN body SET COMPRESSION default';
    END IF;
END $$;
