-- A fungible token with allowances: the ERC-20 shape, in AergoSQL.
CONTRACT Token;

CREATE TABLE balances (
  owner  ADDRESS PRIMARY KEY,
  amount AMOUNT NOT NULL
);
CREATE TABLE allowances (
  owner   ADDRESS NOT NULL,
  spender ADDRESS NOT NULL,
  amount  AMOUNT NOT NULL,
  PRIMARY KEY (owner, spender)
);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

EVENT Transfer (from ADDRESS, to ADDRESS, amount AMOUNT);
EVENT Approval (owner ADDRESS, spender ADDRESS, amount AMOUNT);

CONSTRUCTOR (name TEXT, symbol TEXT, supply AMOUNT) AS
BEGIN
  REQUIRE length(:symbol) BETWEEN 1 AND 8, 'symbol must be 1 to 8 characters';
  INSERT INTO meta VALUES ('name', :name), ('symbol', :symbol), ('owner', SENDER());
  INSERT INTO balances VALUES (SENDER(), :supply);
  EMIT Transfer (NULL, SENDER(), :supply);
END;

PROCEDURE transfer (to ADDRESS, amount AMOUNT) AS
BEGIN
  REQUIRE :amount > 0, 'amount must be positive';
  REQUIRE COALESCE((SELECT amount FROM balances WHERE owner = SENDER()), 0) >= :amount,
          'insufficient balance';
  UPDATE balances SET amount = amount - :amount WHERE owner = SENDER();
  INSERT INTO balances (owner, amount) VALUES (:to, :amount)
    ON CONFLICT (owner) DO UPDATE SET amount = amount + excluded.amount;
  DELETE FROM balances WHERE owner = SENDER() AND amount = 0;
  EMIT Transfer (SENDER(), :to, :amount);
END;

PROCEDURE approve (spender ADDRESS, amount AMOUNT) AS
BEGIN
  INSERT INTO allowances VALUES (SENDER(), :spender, :amount)
    ON CONFLICT (owner, spender) DO UPDATE SET amount = excluded.amount;
  EMIT Approval (SENDER(), :spender, :amount);
END;

PROCEDURE transferFrom (owner ADDRESS, to ADDRESS, amount AMOUNT) AS
BEGIN
  REQUIRE :amount > 0, 'amount must be positive';
  REQUIRE COALESCE((SELECT amount FROM allowances WHERE owner = :owner AND spender = SENDER()), 0) >= :amount,
          'allowance exceeded';
  REQUIRE COALESCE((SELECT amount FROM balances WHERE owner = :owner), 0) >= :amount,
          'insufficient balance';
  UPDATE allowances SET amount = amount - :amount WHERE owner = :owner AND spender = SENDER();
  UPDATE balances SET amount = amount - :amount WHERE owner = :owner;
  INSERT INTO balances (owner, amount) VALUES (:to, :amount)
    ON CONFLICT (owner) DO UPDATE SET amount = amount + excluded.amount;
  EMIT Transfer (:owner, :to, :amount);
END;

PROCEDURE mint (to ADDRESS, amount AMOUNT) AS
BEGIN
  REQUIRE SENDER() = (SELECT value FROM meta WHERE key = 'owner'), 'only the owner can mint';
  INSERT INTO balances (owner, amount) VALUES (:to, :amount)
    ON CONFLICT (owner) DO UPDATE SET amount = amount + excluded.amount;
  EMIT Transfer (NULL, :to, :amount);
END;

VIEW balanceOf (who ADDRESS) RETURNS AMOUNT AS
  SELECT COALESCE((SELECT amount FROM balances WHERE owner = :who), 0);

VIEW allowance (owner ADDRESS, spender ADDRESS) RETURNS AMOUNT AS
  SELECT COALESCE((SELECT amount FROM allowances WHERE owner = :owner AND spender = :spender), 0);

VIEW totalSupply () RETURNS AMOUNT AS
  SELECT COALESCE(sum(amount), 0) FROM balances;

VIEW info () AS
  SELECT key, value FROM meta ORDER BY key;
