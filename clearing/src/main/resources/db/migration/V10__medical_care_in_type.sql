-- A medical record's type says what it is and for what care (issue 19): C for a claim, R for its reversal, then the
-- hospital's level (1 to 3) and I or O for inpatient or outpatient care: C3I, R1O. The other types keep two characters.
ALTER TABLE clearing_record MODIFY txn_type VARCHAR(3) NOT NULL;
