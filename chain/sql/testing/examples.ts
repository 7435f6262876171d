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
