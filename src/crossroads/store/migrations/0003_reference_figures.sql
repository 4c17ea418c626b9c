-- 0003: reference figures a user loads (official statistics), beside the bundled table.
CREATE TABLE reference_figures (
    id            VARCHAR PRIMARY KEY,
    reporter      VARCHAR NOT NULL,
    partner       VARCHAR NOT NULL,
    indicator     VARCHAR NOT NULL,
    detail        VARCHAR,
    period        VARCHAR NOT NULL,
    value         DOUBLE NOT NULL,
    unit          VARCHAR NOT NULL,
    qualifier     VARCHAR,
    statistics_of VARCHAR,
    source_url    VARCHAR,
    loaded_from   VARCHAR,
    loaded_at     TIMESTAMP NOT NULL
);
