-- 0004: live collection. What each fetched URL answered last (with its HTTP validators, for
-- conditional requests; a robots.txt keeps its body), and each source's health.
CREATE TABLE fetch_state (
    url           VARCHAR PRIMARY KEY,
    source        VARCHAR,
    etag          VARCHAR,
    last_modified VARCHAR,
    status        INTEGER,
    outcome       VARCHAR NOT NULL,
    error         VARCHAR,
    body          VARCHAR,
    fetched_at    TIMESTAMP NOT NULL
);

CREATE TABLE source_health (
    name            VARCHAR PRIMARY KEY,
    url             VARCHAR,
    runs            INTEGER NOT NULL,
    last_run        TIMESTAMP,
    last_success    TIMESTAMP,
    last_error      VARCHAR,
    last_error_at   TIMESTAMP,
    last_gained     INTEGER NOT NULL,
    articles_gained INTEGER NOT NULL
);
