-- Duplicates, counter gaps and balance chains are decided after all files are loaded, in set-based SQL
-- over the records themselves: the same answer whatever order parallel loading took. Earlier records win;
-- only the business date being cleared is ever changed.
ALTER TABLE clearing_record
    ADD COLUMN counter_kind   CHAR(1) NOT NULL DEFAULT '-' AFTER txn_type,  -- O offline, N online, - none
    ADD COLUMN balance_before BIGINT  NULL AFTER file_amount,
    ADD COLUMN balance_after  BIGINT  NULL AFTER balance_before;

DROP TABLE card_counter_seen;

CREATE INDEX ix_clearing_record_counter ON clearing_record (card, counter_kind, counter, status);
CREATE INDEX ix_clearing_record_file_status ON clearing_record (business_date, file_id, status);
