-- Every day file the clearing centre has taken in. A file is known by the SHA-256 of its bytes:
-- receiving the same bytes again is acknowledged and changes nothing.
-- Every migration here can run again over a half-applied copy of itself (MySQL DDL is not transactional, and
-- the clearing JVM may be killed while it migrates): IF NOT EXISTS everywhere, indexes inside their tables.
CREATE TABLE IF NOT EXISTS day_file (
    id            BIGINT       NOT NULL AUTO_INCREMENT,
    sha256        CHAR(64)     NOT NULL,
    kind          VARCHAR(16)  NOT NULL,
    sender_id     VARCHAR(32)  NOT NULL,
    sender_city   CHAR(4)      NOT NULL,
    business_date DATE         NOT NULL,
    sequence_no   INT          NOT NULL,
    record_count  BIGINT       NOT NULL,
    amount_total  BIGINT       NOT NULL,
    file_name     VARCHAR(255) NOT NULL,
    received_at   DATETIME(3)  NOT NULL,
    loaded_at     DATETIME(3)  NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_day_file_sha256 (sha256),
    KEY ix_day_file_date (business_date, kind)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
