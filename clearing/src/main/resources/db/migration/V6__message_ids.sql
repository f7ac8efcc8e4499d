-- The sender's own identifier of a medical claim or pension payout (its hospital or agent, then its claim or payout
-- ID): the idempotency key of that message. A claim sent again, in another file or on a later night, is found by it
-- and suspended (D02), never paid twice. Transit records have none (their card's counters are their key). One
-- statement, made only if the column is missing: re-runnable over a half-applied copy, on MySQL 8 as on MariaDB.
SET @sql = IF((SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()
                 AND TABLE_NAME = 'clearing_record' AND COLUMN_NAME = 'message_id') = 0,
              'ALTER TABLE clearing_record ADD COLUMN message_id VARCHAR(80) NULL AFTER detail,
                 ADD KEY ix_clearing_record_message (message_id, business_line)',
              'DO 0');
PREPARE change_it FROM @sql;
EXECUTE change_it;
DEALLOCATE PREPARE change_it;
