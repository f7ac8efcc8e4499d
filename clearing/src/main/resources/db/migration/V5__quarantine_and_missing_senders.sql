-- Every file intake could not take in, with the reason, under the night that found it: the night's summary names
-- them and its exit status says the night is not clean (a quarantined file is money that has not arrived yet).
CREATE TABLE IF NOT EXISTS quarantined_file (
    id             BIGINT        NOT NULL AUTO_INCREMENT,
    business_date  DATE          NOT NULL,
    shown_name     VARCHAR(255)  NOT NULL,
    kept_as        VARCHAR(255)  NOT NULL,
    reason         VARCHAR(1000) NOT NULL,
    quarantined_at DATETIME(3)   NOT NULL,
    PRIMARY KEY (id),
    KEY ix_quarantined_file_date (business_date)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The senders the terminal registry expects that a night closed without (named with --close-without, or their
-- deadline passed): the night's summary names them, and its exit status says it is not clean.
CREATE TABLE IF NOT EXISTS closed_without (
    business_date DATE         NOT NULL,
    sender_id     VARCHAR(32)  NOT NULL,
    why           VARCHAR(200) NOT NULL,
    closed_at     DATETIME(3)  NOT NULL,
    PRIMARY KEY (business_date, sender_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- A file is the same file when its records, sender, date and sequence are: the trailer's hash covers the records
-- only, so every sender's empty file (a day without business, which a registered sender still sends) had the one
-- hash of nothing, and all but the first were taken for resends. One statement, made only while the old key is
-- there: re-runnable over a half-applied copy, on MySQL 8 as on MariaDB.
SET @sql = IF((SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()
                 AND TABLE_NAME = 'day_file' AND INDEX_NAME = 'uk_day_file_sha256') > 0,
              'ALTER TABLE day_file DROP KEY uk_day_file_sha256,
                 ADD UNIQUE KEY uk_day_file_identity (sha256, sender_id, business_date, sequence_no)',
              'DO 0');
PREPARE change_it FROM @sql;
EXECUTE change_it;
DEALLOCATE PREPARE change_it;
