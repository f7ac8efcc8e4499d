-- The 16 cities, for joins and reports. Filled from card-protocol's cities.tsv at start-up (CitySync),
-- never edited by hand: the list has one home.
CREATE TABLE IF NOT EXISTS city (
    code     CHAR(4)     NOT NULL,
    province VARCHAR(16) NOT NULL,
    name_zh  VARCHAR(16) NOT NULL,
    name_en  VARCHAR(32) NOT NULL,
    PRIMARY KEY (code)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
