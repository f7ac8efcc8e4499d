-- Where each card's records of each night are: one row a card a night, written by the card-history step (in card
-- order, in the city's transaction), read by later nights' card histories to find a card's earlier records. It
-- replaces ix_clearing_record_card, an entry for every purse record inserted in random card order as files loaded:
-- InnoDB paid 3 to 5 µs an entry, growing with the tree (a million records loaded in 7.2 s with it, 4.1 s without;
-- the fifth million in 8.8 s against 4.1 s), which made ten million records cost more than ten times one million
-- (issue 22, docs/clearing.md). A card rides a few times a day: a row a card a night is a fraction of the entries.
-- `records` lists the positions (file_id:line_no, in key order) of the night's purse records of the card; positions
-- never change, so the row never goes stale: a record's status is read from the record itself.
CREATE TABLE IF NOT EXISTS card_night (
    issuer_city CHAR(4)    NOT NULL,
    card        BIGINT     NOT NULL,
    night       DATE       NOT NULL,
    records     MEDIUMTEXT NOT NULL,
    PRIMARY KEY (issuer_city, card, night)
) ENGINE = InnoDB;

-- The nights whose card_night rows are complete: written when a night's card-history step completes (all its files
-- loaded). A night not here (its card history not yet run, a crash after its load) is read by the later nights from
-- its files instead, so that a record loaded is part of its card's history at once, as it was with the index.
CREATE TABLE IF NOT EXISTS card_night_written (
    night DATE NOT NULL PRIMARY KEY
) ENGINE = InnoDB;

-- The nights cleared before this table: every loaded purse record's position, and each night whose files are all
-- loaded marked complete. Both statements are re-runnable over a half-applied copy of themselves.
SET SESSION group_concat_max_len = 16777216;

INSERT IGNORE INTO card_night (issuer_city, card, night, records)
SELECT r.issuer_city, CAST(r.card AS UNSIGNED), f.night,
       GROUP_CONCAT(r.file_id, ':', r.line_no ORDER BY r.file_id, r.line_no SEPARATOR ',')
FROM day_file f JOIN clearing_record r ON r.file_id = f.id
WHERE r.issuer_city IS NOT NULL
GROUP BY r.issuer_city, CAST(r.card AS UNSIGNED), f.night;

INSERT IGNORE INTO card_night_written (night)
SELECT night FROM day_file GROUP BY night HAVING COUNT(*) = COUNT(loaded_at);

SET @sql = IF((SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()
                 AND TABLE_NAME = 'clearing_record' AND INDEX_NAME = 'ix_clearing_record_card') > 0,
              'ALTER TABLE clearing_record DROP KEY ix_clearing_record_card',
              'DO 0');
PREPARE change_it FROM @sql;
EXECUTE change_it;
DEALLOCATE PREPARE change_it;
