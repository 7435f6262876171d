-- A name registry: first come, first served names that point at addresses.
CONTRACT Registry;

CREATE TABLE names (
  name    TEXT PRIMARY KEY,
  owner   ADDRESS NOT NULL,
  target  ADDRESS NOT NULL,
  since   INTEGER NOT NULL
);
CREATE INDEX names_by_owner ON names (owner, name);

EVENT Registered (name TEXT, owner ADDRESS, target ADDRESS);
EVENT Pointed (name TEXT, target ADDRESS);
EVENT Released (name TEXT);

PROCEDURE register (name TEXT, target ADDRESS) AS
BEGIN
  REQUIRE length(:name) BETWEEN 3 AND 32, 'a name has 3 to 32 characters';
  REQUIRE :name NOT GLOB '*[^a-z0-9.-]*', 'a name uses a-z, 0-9, . and - only';
  REQUIRE NOT EXISTS (SELECT 1 FROM names WHERE name = :name), 'the name is taken';
  INSERT INTO names VALUES (:name, SENDER(), :target, BLOCK_HEIGHT());
  EMIT Registered (:name, SENDER(), :target);
END;

PROCEDURE point (name TEXT, target ADDRESS) AS
BEGIN
  REQUIRE (SELECT owner FROM names WHERE name = :name) = SENDER(), 'only the owner can change a name';
  UPDATE names SET target = :target WHERE name = :name;
  EMIT Pointed (:name, :target);
END;

PROCEDURE give (name TEXT, to ADDRESS) AS
BEGIN
  REQUIRE (SELECT owner FROM names WHERE name = :name) = SENDER(), 'only the owner can give a name away';
  UPDATE names SET owner = :to WHERE name = :name;
END;

PROCEDURE release (name TEXT) AS
BEGIN
  REQUIRE (SELECT owner FROM names WHERE name = :name) = SENDER(), 'only the owner can release a name';
  DELETE FROM names WHERE name = :name;
  EMIT Released (:name);
END;

VIEW resolve (name TEXT) RETURNS ADDRESS AS
  SELECT target FROM names WHERE name = :name;

VIEW namesOf (owner ADDRESS) AS
  SELECT name, target, since FROM names WHERE owner = :owner ORDER BY name LIMIT 100;
