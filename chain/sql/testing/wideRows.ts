/**
 * A contract with rows near the 64 KB row limit, for the read-bounds tests (node and real hub):
 * `docs` holds one ~59 KB text and a 3,000-byte blob per row (cells browsing cuts to a preview),
 * `wide` holds 15 texts of 4,000 characters per row (60 KB, no cell cut, so only the page's byte
 * budget bounds a page of them), and two views return many bytes.
 */
const WIDE_COLUMNS = Array.from({ length: 15 }, (_, i) => `c${i + 1}`);

export const WIDE_ROWS_SOURCE = `CONTRACT WideRows;
CREATE TABLE docs (id INTEGER PRIMARY KEY, body TEXT NOT NULL, data BLOB);
CREATE TABLE wide (id INTEGER PRIMARY KEY, ${WIDE_COLUMNS.map((c) => `${c} TEXT`).join(", ")});
PROCEDURE addDocs (first INTEGER, n INTEGER, size INTEGER) AS
BEGIN
  INSERT INTO docs (id, body, data)
    WITH RECURSIVE c(x) AS (SELECT :first UNION ALL SELECT x + 1 FROM c WHERE x < :first + :n - 1)
    SELECT x, 'doc ' || x || ' ' || hex(zeroblob(:size / 2)), zeroblob(3000) FROM c;
END;
PROCEDURE addWide (first INTEGER, n INTEGER) AS
BEGIN
  INSERT INTO wide
    WITH RECURSIVE c(x) AS (SELECT :first UNION ALL SELECT x + 1 FROM c WHERE x < :first + :n - 1), v(s) AS (SELECT hex(zeroblob(2000)))
    SELECT x, ${WIDE_COLUMNS.map(() => "s").join(", ")} FROM c, v;
END;
VIEW docBodies () AS SELECT id, body FROM docs;
VIEW crossBodies () AS SELECT a.body FROM docs a, docs b;
`;

/** Characters of a doc body with `size` 59,000: "doc N " and 59,000 hex digits. */
export const docBodyLength = (id: number, size = 59_000) => `doc ${id} `.length + 2 * Math.floor(size / 2);
