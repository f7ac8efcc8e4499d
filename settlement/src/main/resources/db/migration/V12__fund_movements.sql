-- The home cities' funds (issue 19, docs/social-security.md "The funds in the ledger"): what each city's medical
-- fund paid for its insured treated in another city (claims) and got back (reversals), and what its pension fund paid
-- its pensioners living in another city, with the proofs of life given there; one row a settled day, fund, home
-- city, service city, kind and care (a claim's hospital level and inpatient or outpatient care, THREE-INPATIENT; empty
-- for a pension). The ledger's <city>.FUND.<fund> accounts move by the same amounts; the monthly
-- statements read both and check them against each other and against the day's pair totals.
CREATE TABLE IF NOT EXISTS fund_movement (
    business_date DATE        NOT NULL,
    fund          VARCHAR(8)  NOT NULL,   -- MEDICAL or PENSION
    home_city     CHAR(4)     NOT NULL,   -- whose fund
    service_city  CHAR(4)     NOT NULL,   -- where the insured person was treated, paid or certified
    kind          VARCHAR(16) NOT NULL,   -- CLAIM, REVERSAL, PAYOUT or PROOF_OF_LIFE
    care          VARCHAR(16) NOT NULL,   -- ONE-INPATIENT … THREE-OUTPATIENT, or '' for pensions
    records       BIGINT      NOT NULL,
    amount        BIGINT      NOT NULL,   -- fen: the fund's part of the bills, the pensions; 0 for proofs of life
    bills         BIGINT      NOT NULL,   -- fen: the claims' whole bills (the pensions again for a payout)
    PRIMARY KEY (business_date, fund, home_city, service_city, kind, care),
    KEY ix_fund_movement_home (home_city, business_date)
) ENGINE = InnoDB;
