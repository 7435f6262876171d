/** The deploy form's starting point: a short contract from examples/contracts/registry.sql. */
export const EXAMPLE_CONTRACT = `-- A name registry: first come, first served names that point at addresses.
CONTRACT Registry;

CREATE TABLE names (
  name    TEXT PRIMARY KEY,
  owner   ADDRESS NOT NULL,
  target  ADDRESS NOT NULL,
  since   INTEGER NOT NULL
);

EVENT Registered (name TEXT, owner ADDRESS, target ADDRESS);

PROCEDURE register (name TEXT, target ADDRESS) AS
BEGIN
  REQUIRE length(:name) BETWEEN 3 AND 32, 'a name has 3 to 32 characters';
  REQUIRE NOT EXISTS (SELECT 1 FROM names WHERE name = :name), 'the name is taken';
  INSERT INTO names VALUES (:name, SENDER(), :target, BLOCK_HEIGHT());
  EMIT Registered (:name, SENDER(), :target);
END;

VIEW resolve (name TEXT) RETURNS ADDRESS AS
  SELECT target FROM names WHERE name = :name;
`;
