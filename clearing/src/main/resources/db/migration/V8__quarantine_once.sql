-- A file is quarantined once a night: the row is written in the intake step's transaction and the file moved aside
-- only after it commits, so a rerun of a night whose intake failed finds the file again and records it anew; the key
-- makes recording it twice (a move that failed after the commit) a no-op. Duplicates an older run left are merged
-- first. Re-runnable over a half-applied copy, on MySQL 8 as on MariaDB.
DELETE later FROM quarantined_file later JOIN quarantined_file first
  ON first.business_date = later.business_date AND first.kept_as = later.kept_as AND first.id < later.id;

SET @sql = IF((SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()
                 AND TABLE_NAME = 'quarantined_file' AND INDEX_NAME = 'uq_quarantined_file_night') = 0,
              'ALTER TABLE quarantined_file ADD UNIQUE KEY uq_quarantined_file_night (business_date, kept_as)',
              'DO 0');
PREPARE change_it FROM @sql;
EXECUTE change_it;
DEALLOCATE PREPARE change_it;
