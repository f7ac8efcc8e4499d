-- The purse's issuing city on each record (NULL for medical and pension records, which have no purse), and the
-- index the card-history step reads a city's cards by; the PSAM (terminal number) and its transaction counter
-- (TTC), which give away a replay whose ATC was altered (docs/clearing.md). Re-runnable over a half-applied copy of
-- itself, on MySQL 8 (which has no ADD COLUMN IF NOT EXISTS) as on MariaDB: each change is one statement, made
-- only if what it makes is missing.
SET @sql = IF((SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()
                 AND TABLE_NAME = 'clearing_record' AND COLUMN_NAME = 'issuer_city') = 0,
              'ALTER TABLE clearing_record ADD COLUMN issuer_city CHAR(4) NULL AFTER card,
                 ADD COLUMN terminal_no CHAR(12) NULL AFTER counter, ADD COLUMN ttc BIGINT NULL AFTER terminal_no,
                 ADD KEY ix_clearing_record_card (issuer_city, card, business_date)',
              'DO 0');
PREPARE change_it FROM @sql;
EXECUTE change_it;
DEALLOCATE PREPARE change_it;

-- Records cleared before this column: a ride is owed by the card's city, a load is owed to it.
UPDATE clearing_record SET issuer_city = IF(counter_kind = 'N', payee_city, payer_city)
WHERE counter_kind <> '-' AND issuer_city IS NULL;

-- Indexes nothing reads any more, which every load paid for: the card-history statement of V3 is gone, and the
-- day's records are read through the day's files (the primary key), each file being of one business date.
SET @sql = (SELECT CONCAT('ALTER TABLE clearing_record ', GROUP_CONCAT(DISTINCT CONCAT('DROP KEY ', INDEX_NAME)))
            FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'clearing_record'
              AND INDEX_NAME IN ('ix_clearing_record_counter', 'ix_clearing_record_date',
                                 'ix_clearing_record_file_status'));
SET @sql = COALESCE(@sql, 'DO 0');
PREPARE change_it FROM @sql;
EXECUTE change_it;
DEALLOCATE PREPARE change_it;
