/**
 * A contract for the parallel-execution tests: a Relay whose procedures reach beyond the contract
 * (CALL, TRANSFER, BALANCE of a named address), which the dependency analysis must mark serial
 * (the Token example, chain/sql/testing/examples.ts, is the bounded one).
 */

export const RELAY_CONTRACT = `CONTRACT Relay;

CREATE TABLE deposits (owner ADDRESS PRIMARY KEY, amount AMOUNT NOT NULL);

PROCEDURE deposit () AS
BEGIN
  REQUIRE AMOUNT() > 0, 'send some AERGO with the call';
  INSERT INTO deposits VALUES (SENDER(), AMOUNT())
    ON CONFLICT (owner) DO UPDATE SET amount = amount + excluded.amount;
END;

PROCEDURE withdraw (amount AMOUNT) AS
BEGIN
  LET held = COALESCE((SELECT amount FROM deposits WHERE owner = SENDER()), 0);
  REQUIRE :amount <= :held, 'you cannot withdraw more than you deposited';
  UPDATE deposits SET amount = amount - :amount WHERE owner = SENDER();
  IF :amount > 0 THEN
    TRANSFER SENDER(), :amount;
  END IF;
END;

PROCEDURE forward (token ADDRESS, to ADDRESS, amount INTEGER) AS
BEGIN
  CALL :token.transfer (:to, :amount);
END;

PROCEDURE peek (who ADDRESS) RETURNS AMOUNT AS
BEGIN
  RETURN BALANCE(:who);
END;
`;
