-- 0001: articles and the records extracted from them.
CREATE TABLE articles (
    id                VARCHAR PRIMARY KEY,
    url               VARCHAR,
    content_hash      VARCHAR NOT NULL,
    external_id       VARCHAR,
    source            VARCHAR,
    title             VARCHAR,
    published         DATE,
    origin            VARCHAR,
    text              VARCHAR NOT NULL,
    ingested_at       TIMESTAMP NOT NULL,
    extractor_version VARCHAR,
    extracted_at      TIMESTAMP
);
CREATE INDEX articles_url ON articles (url);
CREATE INDEX articles_hash ON articles (content_hash);

CREATE TABLE events (
    id             VARCHAR PRIMARY KEY,
    article_id     VARCHAR NOT NULL,
    seq            INTEGER NOT NULL,
    type           VARCHAR NOT NULL,
    mode           VARCHAR,
    source_actors  VARCHAR[] NOT NULL,
    target_actors  VARCHAR[] NOT NULL,
    date           VARCHAR,
    date_precision VARCHAR,
    date_method    VARCHAR,
    location       VARCHAR,
    contexts       VARCHAR[] NOT NULL,
    status         VARCHAR NOT NULL,
    confidence     DOUBLE NOT NULL,
    trigger        VARCHAR,
    evidence       JSON NOT NULL
);
CREATE INDEX events_article ON events (article_id);

CREATE TABLE figures (
    id         VARCHAR PRIMARY KEY,
    article_id VARCHAR NOT NULL,
    seq        INTEGER NOT NULL,
    subject    VARCHAR[] NOT NULL,
    indicator  VARCHAR NOT NULL,
    value      DOUBLE NOT NULL,
    unit       VARCHAR NOT NULL,
    period     VARCHAR,
    qualifier  VARCHAR,
    confidence DOUBLE NOT NULL,
    evidence   JSON NOT NULL
);
CREATE INDEX figures_article ON figures (article_id);

CREATE TABLE claims (
    id            VARCHAR PRIMARY KEY,
    article_id    VARCHAR NOT NULL,
    seq           INTEGER NOT NULL,
    speaker       VARCHAR NOT NULL,
    speaker_actor VARCHAR,
    speaker_role  VARCHAR,
    about         VARCHAR[] NOT NULL,
    stance        JSON NOT NULL,
    statement     VARCHAR NOT NULL,
    date          VARCHAR,
    confidence    DOUBLE NOT NULL,
    evidence      JSON NOT NULL
);
CREATE INDEX claims_article ON claims (article_id);
