/**
 * Passwords that top every breach list (and their usual 10+ character forms, since shorter ones
 * are refused by length anyway). Kept small and embedded on purpose: the hub runs with no
 * internet, so it cannot ask a breach service, and these are the ones an attacker tries first.
 * Entries are lowercase; the policy compares case-insensitively and also checks the word left
 * after stripping leading digits and trailing digits/symbols ("Password2024!" -> "password").
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  "123456", "password", "12345678", "qwerty", "123456789", "12345", "1234", "111111", "1234567", "dragon",
  "123123", "baseball", "abc123", "football", "monkey", "letmein", "696969", "shadow", "master", "666666",
  "qwertyuiop", "123321", "mustang", "1234567890", "michael", "654321", "superman", "1qaz2wsx", "7777777", "121212",
  "000000", "qazwsx", "123qwe", "killer", "trustno1", "jordan", "jennifer", "zxcvbnm", "asdfgh", "hunter",
  "buster", "soccer", "harley", "batman", "andrew", "tigger", "sunshine", "iloveyou", "2000", "charlie",
  "robert", "thomas", "hockey", "ranger", "daniel", "starwars", "klaster", "112233", "george", "computer",
  "michelle", "jessica", "pepper", "1111", "zxcvbn", "555555", "11111111", "131313", "freedom", "777777",
  "pass", "maggie", "159753", "aaaaaa", "ginger", "princess", "joshua", "cheese", "amanda", "summer",
  "love", "ashley", "nicole", "chelsea", "biteme", "matthew", "access", "yankees", "987654321", "dallas",
  "austin", "thunder", "taylor", "matrix", "mobilemail", "mom", "monitor", "monitoring", "montana", "moon",
  "moscow", "welcome", "admin", "login", "passw0rd", "password1", "password12", "password123", "password1234", "p@ssw0rd",
  "p@ssword", "passwort", "motdepasse", "contraseña", "qwerty123", "qwerty1234", "qwertyuiop123", "1q2w3e4r", "1q2w3e4r5t", "1q2w3e4r5t6y",
  "q1w2e3r4t5", "q1w2e3r4t5y6", "zaq12wsx", "zaq1zaq1", "1qazxsw2", "asdfghjkl", "asdfghjkl1", "zxcvbnm123", "qwertyu", "qweasdzxc",
  "0987654321", "12345678910", "123456789a", "a123456789", "1234512345", "1122334455", "0123456789", "1234554321", "9876543210", "11223344",
  "iloveyou1", "iloveyou12", "iloveyou123", "loveyou", "lovely", "babygirl", "princess1", "sunshine1", "football1", "baseball1",
  "welcome1", "welcome123", "letmein1", "letmein123", "changeme", "changeme123", "default", "secret", "secret123", "administrator",
  "adminadmin", "admin123", "admin1234", "root", "toor", "rootroot", "guest", "test", "test1234", "testtest",
  "testing", "testing123", "user", "user1234", "demo", "demo1234", "blockchain", "bitcoin", "ethereum", "aergo",
  "aergohub", "crypto", "satoshi", "nakamoto", "wallet", "metamask", "ledger", "whatever", "nothing", "starwars1",
  "pokemon", "naruto", "minecraft", "fortnite", "liverpool", "arsenal", "chocolate", "butterfly", "flower", "purple",
  "samsung", "google", "apple", "microsoft", "facebook", "linkedin", "twitter", "internet", "abcdefg", "abcdefgh",
  "abcdefghij", "abcd1234", "abc12345", "abc123456", "1a2b3c4d", "a1b2c3d4", "a1b2c3d4e5", "qwe123", "qwe123456", "asd123",
  "zxc123", "superman1", "batman123", "dragon123", "monkey123", "shadow123", "master123", "killer123", "hello", "hello123",
  "helloworld", "hello1234", "goodluck", "sweetheart", "friends", "family", "forever", "jesus", "christ", "heaven",
]);
