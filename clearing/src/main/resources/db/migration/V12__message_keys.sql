-- The records that carry a message's key (V6: a claim's or payout's idempotency key, a bill's biller and number), by
-- key: where the repeats step finds an earlier record with the same key. It replaces the key's index on
-- clearing_record, which held an entry for every record, every ride's too (a NULL key): 1.4 million records went in
-- in 10.5 and 14.0 s with it, 8.8 and 9.4 s without (docs/clearing.md). Written in the transaction that loads a file;
-- re-runnable over a half-applied copy of itself, on MySQL 8 as on MariaDB.
CREATE TABLE IF NOT EXISTS clearing_message (
    message_id    VARCHAR(80) NOT NULL,
    business_line VARCHAR(8)  NOT NULL,
    file_id       BIGINT      NOT NULL,
    line_no       INT         NOT NULL,
    PRIMARY KEY (message_id, business_line, file_id, line_no)
) ENGINE = InnoDB;

INSERT IGNORE INTO clearing_message (message_id, business_line, file_id, line_no)
SELECT message_id, business_line, file_id, line_no FROM clearing_record WHERE message_id IS NOT NULL;

SET @sql = IF((SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()
                 AND TABLE_NAME = 'clearing_record' AND INDEX_NAME = 'ix_clearing_record_message') > 0,
              'ALTER TABLE clearing_record DROP KEY ix_clearing_record_message',
              'DO 0');
PREPARE change_it FROM @sql;
EXECUTE change_it;
DEALLOCATE PREPARE change_it;
