-- The night's purse records as the card-history step needs them, by issuing city, written by a clearing worker in
-- the transaction that loads the file (docs/scale.md). A worker checking a city's cards reads that city's chunks of
-- the files other workers loaded (a few MB) instead of every record of those files; the night's chunks are deleted
-- once its totals are made. A single JVM hands its records over in memory and writes none.
CREATE TABLE IF NOT EXISTS purse_record_chunk (
    file_id     BIGINT     NOT NULL,
    issuer_city CHAR(4)    NOT NULL,
    seq         INT        NOT NULL,
    records     MEDIUMBLOB NOT NULL,
    PRIMARY KEY (issuer_city, file_id, seq)
) ENGINE = InnoDB;
