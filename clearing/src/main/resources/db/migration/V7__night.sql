-- The night that took a file in: the business date of the clearing run that registered and cleared it. A file is
-- cleared by the night of its own date, or, when it arrives after that night closed (a late or corrected file), by
-- the next night that finds it: its records keep their own business date, and that night's totals and outgoing files
-- carry them, so the difference is settled then, as a correction, never as an edit of the closed day. One statement,
-- made only if the column is missing: re-runnable over a half-applied copy, on MySQL 8 as on MariaDB.
SET @sql = IF((SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()
                 AND TABLE_NAME = 'day_file' AND COLUMN_NAME = 'night') = 0,
              'ALTER TABLE day_file ADD COLUMN night DATE NULL AFTER business_date, ADD KEY ix_day_file_night (night)',
              'DO 0');
PREPARE change_it FROM @sql;
EXECUTE change_it;
DEALLOCATE PREPARE change_it;

UPDATE day_file SET night = business_date WHERE night IS NULL;
