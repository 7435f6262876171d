/**
 * The examples of the language's shape (AERGOSQL.md), verbatim: every one must compile and
 * behave as described, so the tests run exactly these texts.
 */

/** The Token contract, "A contract". */
export const TOKEN_EXAMPLE = `CONTRACT Token;

CREATE TABLE balances (
  owner  ADDRESS PRIMARY KEY,
  amount INTEGER NOT NULL CHECK (amount >= 0)
);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CONSTRUCTOR (name TEXT, supply INTEGER) AS
BEGIN
  REQUIRE :supply > 0, 'supply must be positive';
  INSERT INTO meta VALUES ('name', :name);
  INSERT INTO balances VALUES (SENDER(), :supply);
END;

EVENT Transfer (from ADDRESS, to ADDRESS, amount INTEGER);

PROCEDURE transfer (to ADDRESS, amount INTEGER) AS
BEGIN
  REQUIRE :amount > 0, 'amount must be positive';
  REQUIRE COALESCE((SELECT amount FROM balances WHERE owner = SENDER()), 0) >= :amount,
          'insufficient balance';
  UPDATE balances SET amount = amount - :amount WHERE owner = SENDER();
  INSERT INTO balances (owner, amount) VALUES (:to, :amount)
    ON CONFLICT (owner) DO UPDATE SET amount = amount + excluded.amount;
  EMIT Transfer (SENDER(), :to, :amount);
END;

VIEW balanceOf (who ADDRESS) RETURNS INTEGER AS
  SELECT COALESCE((SELECT amount FROM balances WHERE owner = :who), 0);

VIEW holders () AS
  SELECT owner, amount FROM balances ORDER BY amount DESC, owner LIMIT 100;
`;

/** The merge-policy lines and resolver procedure of "Merges", verbatim. */
export const MERGE_EXAMPLE = `MERGE POLICY balances (amount) ADDITIVE;   -- both sides' deltas are summed
MERGE POLICY meta LAST WRITER;              -- the merging (source) side wins
MERGE POLICY orders RESOLVE WITH settle;    -- a procedure decides, see below

PROCEDURE settle (ours ROW, theirs ROW, base ROW) AS
BEGIN
  -- ours/theirs/base expose the row's columns as :ours.status, :theirs.status, ...
  IF :ours.status = 'shipped' THEN RETURN 'ours'; END IF;
  RETURN 'theirs';
END;
`;

/**
 * The merge example needs the tables it names: the Token contract has balances and meta; an
 * orders table (with the status column the resolver reads) completes it.
 */
export const MERGE_CONTRACT = `${TOKEN_EXAMPLE}
CREATE TABLE orders (id INTEGER PRIMARY KEY, buyer ADDRESS NOT NULL, status TEXT NOT NULL);

${MERGE_EXAMPLE}`;

/**
 * A runaway contract: `spin` inserts rows of a recursive CTE that never ends (stopped by gas),
 * `spinView` counts one (stopped by gas or the view's time budget); `one` and `rows` are the
 * ordinary calls beside them. Used by the runaway tests and `BENCH=runaway`.
 */
export const SPIN_CONTRACT = `CONTRACT Spin;
CREATE TABLE t (k INTEGER PRIMARY KEY, v INTEGER NOT NULL);
PROCEDURE spin () AS
BEGIN
  INSERT INTO t (k, v) WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x + 1000, x FROM c;
END;
PROCEDURE one () AS
BEGIN
  INSERT INTO t (k, v) VALUES (1, 1);
END;
VIEW spinView () RETURNS INTEGER AS
  WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c;
VIEW rows () RETURNS INTEGER AS SELECT count(*) FROM t;
`;

/**
 * A call that gas does not bound in time: two carried 32 KB values compared per row of a CTE
 * (docs/aergosql.md, "Gas"), seconds of work at 5,000,000 gas; the admission budget refuses it.
 */
export const SLOW_COMPARE_CONTRACT = `CONTRACT Slow;
CREATE TABLE t (k INTEGER PRIMARY KEY, v INTEGER NOT NULL);
PROCEDURE compare () AS
BEGIN
  INSERT INTO t (k, v) WITH RECURSIVE c(x, s, u) AS (SELECT 1, zeroblob(32000), zeroblob(32000) UNION ALL SELECT x + 1, s, u FROM c WHERE s = u AND x < 200000) SELECT 1, count(*) FROM c;
END;
PROCEDURE one () AS
BEGIN
  INSERT INTO t (k, v) VALUES (2, 2);
END;
VIEW rows () RETURNS INTEGER AS SELECT count(*) FROM t;
`;

/**
 * A contract that grows large on demand: `fill(n)` appends n rows of 200 characters, `touch`
 * rewrites one; the history tests and `BENCH=history` store its versions.
 */
export const ITEMS_CONTRACT = `CONTRACT Items;
CREATE TABLE items (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
PROCEDURE fill (n INTEGER) AS
BEGIN
  INSERT INTO items (id, body)
    WITH RECURSIVE s(i) AS (SELECT COALESCE((SELECT MAX(id) FROM items), 0) + 1 UNION ALL SELECT i + 1 FROM s WHERE i < COALESCE((SELECT MAX(id) FROM items), 0) + :n)
    SELECT i, printf('%0200d', i) FROM s;
END;
PROCEDURE touch (id INTEGER, body TEXT) AS
BEGIN
  UPDATE items SET body = :body WHERE id = :id;
END;
VIEW bodyOf (id INTEGER) RETURNS TEXT AS SELECT body FROM items WHERE id = :id;
VIEW count () RETURNS INTEGER AS SELECT COUNT(*) FROM items;`;
