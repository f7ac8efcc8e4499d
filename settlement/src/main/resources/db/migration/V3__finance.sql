-- Finance staff, the suspense queue and the audit trail (docs/settlement.md). Rerunnable like V2.

-- People who log in to the finance pages. Passwords are stored as Spring Security hashes ({bcrypt}...).
CREATE TABLE IF NOT EXISTS finance_user (
    username      VARCHAR(64)  NOT NULL,
    password_hash VARCHAR(100) NOT NULL,
    role          VARCHAR(8)   NOT NULL,   -- CITY (one city's officer), REGION (all cities), AUDITOR (reads all)
    city          CHAR(4)      NULL,       -- the city of a CITY officer
    PRIMARY KEY (username)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Records clearing suspended, as its detail files stated them, for finance staff to release or write off.
-- A release is cleared when it happens: posted to the ledger at once and netted by the next settled day.
CREATE TABLE IF NOT EXISTS suspense_item (
    id              BIGINT       NOT NULL AUTO_INCREMENT,
    business_date   DATE         NOT NULL,
    day_file        VARCHAR(255) NOT NULL,
    line_no         INT          NOT NULL,
    business_line   VARCHAR(8)   NOT NULL,
    card            VARCHAR(20)  NOT NULL,
    payer_city      CHAR(4)      NOT NULL,
    payee_city      CHAR(4)      NOT NULL,
    amount          BIGINT       NOT NULL,
    fee             BIGINT       NOT NULL,
    txn_time        DATETIME     NOT NULL,
    reason          CHAR(3)      NOT NULL,
    status          VARCHAR(12)  NOT NULL,   -- OPEN, RELEASED, WRITTEN_OFF
    decided_by      VARCHAR(64)  NULL,
    decided_at      DATETIME(3)  NULL,
    decision_note   VARCHAR(200) NULL,
    netted_on       DATE         NULL,       -- the settled day whose positions include a released item
    PRIMARY KEY (id),
    UNIQUE KEY uk_suspense_record (business_date, day_file, line_no),
    KEY ix_suspense_status (status, business_date)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Who did what, when and why. Append-only, like the ledger.
CREATE TABLE IF NOT EXISTS audit_event (
    id       BIGINT       NOT NULL AUTO_INCREMENT,
    at       DATETIME(3)  NOT NULL,
    username VARCHAR(64)  NOT NULL,
    action   VARCHAR(32)  NOT NULL,
    subject  VARCHAR(100) NOT NULL,
    note     VARCHAR(200) NOT NULL,
    PRIMARY KEY (id),
    KEY ix_audit_subject (subject)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TRIGGER IF NOT EXISTS audit_event_no_update BEFORE UPDATE ON audit_event FOR EACH ROW
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'the audit trail is append-only';
CREATE TRIGGER IF NOT EXISTS audit_event_no_delete BEFORE DELETE ON audit_event FOR EACH ROW
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'the audit trail is append-only';
