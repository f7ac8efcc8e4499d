-- The regional hotlist (docs/settlement.md, format in docs/formats.md). Every report publishes a new version;
-- terminals ask for the whole list or for what was listed since their version. Rerunnable like V2.
CREATE TABLE IF NOT EXISTS hotlist_entry (
    card          VARCHAR(16)  NOT NULL,
    reason        VARCHAR(8)   NOT NULL,   -- LOST, STOLEN, REFUNDED, DAMAGED
    effective_at  DATETIME     NOT NULL,
    version       BIGINT       NOT NULL,   -- the list version that first carried it
    reported_by   VARCHAR(64)  NOT NULL,
    reported_at   DATETIME(3)  NOT NULL,
    PRIMARY KEY (card),
    KEY ix_hotlist_version (version)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS hotlist_version (
    version      BIGINT      NOT NULL,
    published_at DATETIME    NOT NULL,
    PRIMARY KEY (version)
) ENGINE = InnoDB;
