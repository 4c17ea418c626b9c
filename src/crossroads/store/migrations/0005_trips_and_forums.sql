-- 0005: a per-article event may stand behind several canonical events. A trip to several
-- states ("traveled to Kazakhstan and Uzbekistan") is one record in the article and one visit
-- to each host in the world, so fusion links it to each host's visit.
CREATE TABLE event_links_new (
    event_id     VARCHAR NOT NULL,
    canonical_id VARCHAR NOT NULL,
    PRIMARY KEY (event_id, canonical_id)
);
INSERT INTO event_links_new SELECT event_id, canonical_id FROM event_links;
DROP INDEX event_links_canonical;
DROP TABLE event_links;
ALTER TABLE event_links_new RENAME TO event_links;
CREATE INDEX event_links_canonical ON event_links (canonical_id);

-- The organisation whose summit or meeting an event is ("SCO"): a report that names only
-- some of a summit's participants is still that summit.
ALTER TABLE events ADD COLUMN forum VARCHAR;
ALTER TABLE canonical_events ADD COLUMN forum VARCHAR;
