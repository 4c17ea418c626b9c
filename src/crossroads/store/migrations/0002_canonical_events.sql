-- 0002: canonical events fused from the per-article events, and the links behind them.
CREATE TABLE canonical_events (
    id             VARCHAR PRIMARY KEY,
    type           VARCHAR NOT NULL,
    source_actors  VARCHAR[] NOT NULL,
    target_actors  VARCHAR[] NOT NULL,
    date           VARCHAR,
    date_precision VARCHAR,
    location       VARCHAR,
    contexts       VARCHAR[] NOT NULL,
    status         VARCHAR NOT NULL,
    sources        INTEGER NOT NULL,
    mentions       INTEGER NOT NULL,
    first_reported DATE,
    last_reported  DATE,
    confidence     DOUBLE NOT NULL
);
CREATE TABLE event_links (
    event_id     VARCHAR PRIMARY KEY,
    canonical_id VARCHAR NOT NULL
);
CREATE INDEX event_links_canonical ON event_links (canonical_id);
