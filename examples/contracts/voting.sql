-- One address, one vote: proposals open until a block height, then anyone can close them.
CONTRACT Voting;

CREATE TABLE proposals (
  id       INTEGER PRIMARY KEY,
  title    TEXT NOT NULL,
  author   ADDRESS NOT NULL,
  deadline INTEGER NOT NULL,
  closed   BOOLEAN NOT NULL DEFAULT 0
);
CREATE TABLE choices (
  proposal INTEGER NOT NULL REFERENCES proposals (id),
  choice   TEXT NOT NULL,
  PRIMARY KEY (proposal, choice)
);
CREATE TABLE votes (
  proposal INTEGER NOT NULL REFERENCES proposals (id),
  voter    ADDRESS NOT NULL,
  choice   TEXT NOT NULL,
  at       INTEGER NOT NULL,
  PRIMARY KEY (proposal, voter),
  FOREIGN KEY (proposal, choice) REFERENCES choices (proposal, choice)
);

EVENT Proposed (id INTEGER, title TEXT, deadline INTEGER);
EVENT Voted (id INTEGER, voter ADDRESS, choice TEXT);
EVENT Closed (id INTEGER, winner TEXT, votes INTEGER);

PROCEDURE propose (title TEXT, choiceA TEXT, choiceB TEXT, blocks INTEGER) RETURNS INTEGER AS
BEGIN
  REQUIRE :blocks BETWEEN 1 AND 100000, 'voting lasts 1 to 100000 blocks';
  REQUIRE :choiceA <> :choiceB, 'the two choices must differ';
  LET id = COALESCE((SELECT max(id) FROM proposals), 0) + 1;
  INSERT INTO proposals (id, title, author, deadline) VALUES (:id, :title, SENDER(), BLOCK_HEIGHT() + :blocks);
  INSERT INTO choices VALUES (:id, :choiceA), (:id, :choiceB);
  EMIT Proposed (:id, :title, BLOCK_HEIGHT() + :blocks);
  RETURN :id;
END;

PROCEDURE vote (id INTEGER, choice TEXT) AS
BEGIN
  REQUIRE EXISTS (SELECT 1 FROM proposals WHERE id = :id), 'no such proposal';
  REQUIRE (SELECT deadline FROM proposals WHERE id = :id) >= BLOCK_HEIGHT(), 'voting has ended';
  REQUIRE EXISTS (SELECT 1 FROM choices WHERE proposal = :id AND choice = :choice), 'not a choice of this proposal';
  REQUIRE NOT EXISTS (SELECT 1 FROM votes WHERE proposal = :id AND voter = SENDER()), 'you already voted';
  INSERT INTO votes VALUES (:id, SENDER(), :choice, BLOCK_HEIGHT());
  EMIT Voted (:id, SENDER(), :choice);
END;

PROCEDURE close (id INTEGER) RETURNS TEXT AS
BEGIN
  REQUIRE (SELECT deadline FROM proposals WHERE id = :id) < BLOCK_HEIGHT(), 'voting is still open';
  REQUIRE (SELECT closed FROM proposals WHERE id = :id) = 0, 'already closed';
  UPDATE proposals SET closed = 1 WHERE id = :id;
  LET winner = (SELECT choice FROM votes WHERE proposal = :id GROUP BY choice ORDER BY count(*) DESC, choice LIMIT 1);
  LET n = (SELECT count(*) FROM votes WHERE proposal = :id);
  IF :winner IS NULL THEN
    EMIT Closed (:id, NULL, 0);
  ELSE
    EMIT Closed (:id, :winner, :n);
  END IF;
  RETURN :winner;
END;

VIEW tally (id INTEGER) AS
  SELECT c.choice, count(v.voter) AS votes
  FROM choices c LEFT JOIN votes v ON v.proposal = c.proposal AND v.choice = c.choice
  WHERE c.proposal = :id
  GROUP BY c.choice ORDER BY votes DESC, c.choice;

VIEW open () AS
  SELECT id, title, deadline FROM proposals WHERE closed = 0 AND deadline >= BLOCK_HEIGHT() ORDER BY id;
