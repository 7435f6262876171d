-- Escrow of native AERGO: the buyer deposits with the call (AMOUNT()), then either the buyer
-- (or the arbiter) releases it to the seller, or the seller (or the arbiter) refunds the buyer.
CONTRACT Escrow;

CREATE TABLE deals (
  id      INTEGER PRIMARY KEY,
  buyer   ADDRESS NOT NULL,
  seller  ADDRESS NOT NULL,
  arbiter ADDRESS NOT NULL,
  amount  AMOUNT NOT NULL,
  state   TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'released', 'refunded')),
  opened  INTEGER NOT NULL
);

EVENT Opened (id INTEGER, buyer ADDRESS, seller ADDRESS, amount AMOUNT);
EVENT Settled (id INTEGER, state TEXT, to ADDRESS, amount AMOUNT);

PROCEDURE open (seller ADDRESS, arbiter ADDRESS) RETURNS INTEGER AS
BEGIN
  REQUIRE AMOUNT() > 0, 'send the amount to hold in escrow with the call';
  REQUIRE :seller <> SENDER(), 'the seller cannot be the buyer';
  LET id = COALESCE((SELECT max(id) FROM deals), 0) + 1;
  INSERT INTO deals (id, buyer, seller, arbiter, amount, opened)
    VALUES (:id, SENDER(), :seller, :arbiter, AMOUNT(), BLOCK_HEIGHT());
  EMIT Opened (:id, SENDER(), :seller, AMOUNT());
  RETURN :id;
END;

PROCEDURE release (id INTEGER) AS
BEGIN
  REQUIRE (SELECT state FROM deals WHERE id = :id) = 'open', 'the deal is not open';
  REQUIRE SENDER() IN (SELECT buyer FROM deals WHERE id = :id UNION SELECT arbiter FROM deals WHERE id = :id),
          'only the buyer or the arbiter can release';
  UPDATE deals SET state = 'released' WHERE id = :id;
  TRANSFER (SELECT seller FROM deals WHERE id = :id), (SELECT amount FROM deals WHERE id = :id);
  EMIT Settled (:id, 'released', (SELECT seller FROM deals WHERE id = :id), (SELECT amount FROM deals WHERE id = :id));
END;

PROCEDURE refund (id INTEGER) AS
BEGIN
  REQUIRE (SELECT state FROM deals WHERE id = :id) = 'open', 'the deal is not open';
  REQUIRE SENDER() IN (SELECT seller FROM deals WHERE id = :id UNION SELECT arbiter FROM deals WHERE id = :id),
          'only the seller or the arbiter can refund';
  UPDATE deals SET state = 'refunded' WHERE id = :id;
  TRANSFER (SELECT buyer FROM deals WHERE id = :id), (SELECT amount FROM deals WHERE id = :id);
  EMIT Settled (:id, 'refunded', (SELECT buyer FROM deals WHERE id = :id), (SELECT amount FROM deals WHERE id = :id));
END;

VIEW deal (id INTEGER) AS
  SELECT id, buyer, seller, arbiter, amount, state, opened FROM deals WHERE id = :id;

VIEW held () RETURNS AMOUNT AS
  SELECT COALESCE(sum(amount), 0) FROM deals WHERE state = 'open';
