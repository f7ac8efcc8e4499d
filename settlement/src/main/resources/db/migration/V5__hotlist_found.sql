-- A card found again is taken off the hotlist (docs/settlement.md, "The hotlist"): its entry stays, marked with the
-- list version that lifted it, so a terminal's delta since an older version says to remove it.
ALTER TABLE hotlist_entry
    ADD COLUMN lifted_version BIGINT      NULL,
    ADD COLUMN lifted_by      VARCHAR(64) NULL,
    ADD COLUMN lifted_at      DATETIME    NULL,
    ADD KEY ix_hotlist_lifted (lifted_version);
