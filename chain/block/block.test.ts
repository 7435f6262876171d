/**
 * The stored block's bytes: `encodeBlock` writes them at their final size, and they must be the
 * layout every stored block has (the reference writer below, the format as first written) and
 * decode back to the same block, whatever the receipts hold (any Unicode in events, errors and
 * return values).
 */
import { describe, expect, it } from "vitest";
import { ByteWriter } from "../codec.ts";
import { devKeyPair } from "../crypto/keys.ts";
import { utf8Bytes } from "../crypto/hash.ts";
import { receiptHash, receiptHashOfText, type ExecReceipt } from "../exec/receipt.ts";
import { createSeededRandom, type SeededRandom } from "../testing/seededRandom.ts";
import { buildTx } from "../tx/buildTx.ts";
import { createBlock, createBlockBody, decodeBlock, encodeBlock, storedReceiptJSON, type Block } from "./block.ts";
import { encodeHeader, sealHeader } from "./header.ts";

const producer = devKeyPair("block-codec-producer");
const sender = devKeyPair("block-codec-sender");
const chainIdHash = new Uint8Array(32).fill(3);

/** The layout as a growing writer produced it: header, count, transactions, the receipts' JSON list. */
function referenceEncoding(b: Block): Uint8Array {
  const w = new ByteWriter().bytes(encodeHeader(b.header)).u32(b.txs.length);
  for (const tx of b.txs) w.bytes(tx.bytes);
  w.bytes(utf8Bytes(`[${b.receipts.map(storedReceiptJSON).join(",")}]`));
  return w.finish();
}

// Text that stresses the UTF-8 length count: ASCII, 2-, 3- and 4-byte characters, a lone surrogate.
const PIECES = ["a", "Z09 ", "é", "ß", "€", "中文", "😀", "\ud800", "\udc00x", '"quoted"', "back\\slash", "\u0000", "\n"];
const text = (random: SeededRandom) => Array.from({ length: random.int(0, 6) }, () => PIECES[random.int(0, PIECES.length - 1)]).join("");

function randomReceipt(random: SeededRandom, txHash: string): ExecReceipt {
  const failed = random.next() < 0.3;
  return {
    txHash,
    status: failed ? "error" : "success",
    error: failed ? { code: "CONTRACT_ERROR", message: text(random) } : null,
    gasUsed: random.int(0, 5_000_000),
    fee: BigInt(random.int(0, 1_000_000)) * 10n ** 12n,
    returnValue: random.next() < 0.5 ? null : { note: text(random), n: random.int(-5, 5) },
    events: Array.from({ length: random.int(0, 3) }, (_, index) => ({ index, contract: null, name: `E${text(random)}`, args: { who: text(random), amount: String(random.int(0, 99)) } })),
    contractAddress: null,
  };
}

function randomBlock(random: SeededRandom): Block {
  const count = random.int(0, 12);
  const txs = Array.from({ length: count }, (_, i) =>
    buildTx({ type: "transfer", key: sender, chainIdHash, nonce: i + 1, to: producer.address, amount: BigInt(random.int(1, 1000)), gasPrice: 50n * 10n ** 9n, payload: random.next() < 0.3 ? utf8Bytes(text(random)) : undefined }),
  );
  const header = sealHeader(
    {
      chainIdHash,
      branch: random.next() < 0.5 ? "main" : `feature-${random.int(0, 9)}`,
      height: random.int(1, 10_000),
      prevHash: new Uint8Array(32).fill(random.int(0, 255)),
      timestamp: 1_700_000_000_000 + random.int(0, 1_000_000),
      producer: producer.address,
      txRoot: new Uint8Array(32).fill(1),
      receiptsRoot: new Uint8Array(32).fill(2),
      stateRoot: new Uint8Array(32).fill(4),
      consensus: { kind: "dpos", slot: random.int(0, 100), epoch: random.int(0, 10) },
      txCount: count,
    },
    producer.privateKey,
  );
  return createBlock(header, txs, txs.map((tx) => randomReceipt(random, tx.hashText)));
}

describe("encodeBlock", () => {
  it("writes the stored layout byte for byte and decodes back to the same block, for any receipts (seeded property)", () => {
    const random = createSeededRandom(2026_12_07);
    for (let run = 0; run < 60; run++) {
      const block = randomBlock(random);
      const bytes = encodeBlock(block);
      expect(bytes).toEqual(referenceEncoding(block));
      // Made receipts (the pending block's) give the same bytes as receipts made here.
      expect(encodeBlock(block, block.receipts.map(storedReceiptJSON))).toEqual(bytes);
      const back = decodeBlock(bytes);
      expect(back.header.hashText).toBe(block.header.hashText);
      expect(back.txs.map((t) => t.hashText)).toEqual(block.txs.map((t) => t.hashText));
      expect(back.receipts.map(storedReceiptJSON)).toEqual(block.receipts.map(storedReceiptJSON));
    }
  });

  it("gives the same bytes from a body written one transaction at a time from no capacity (a pending block's), growing as it goes", () => {
    const random = createSeededRandom(2026_12_08);
    for (let run = 0; run < 60; run++) {
      const block = randomBlock(random);
      // Blocks of up to 12 transactions with a 1 KiB start: several runs grow both buffers.
      const body = createBlockBody();
      block.txs.forEach((tx, i) => body.append(tx.bytes, storedReceiptJSON(block.receipts[i]!)));
      expect(body.count).toBe(block.txs.length);
      expect(body.encode(block.header)).toEqual(referenceEncoding(block));
      // The receipts' texts already UTF-8 (a parallel share encodes them), every other one: the same bytes.
      const mixed = createBlockBody();
      block.txs.forEach((tx, i) => mixed.append(tx.bytes, i % 2 ? utf8Bytes(storedReceiptJSON(block.receipts[i]!)) : storedReceiptJSON(block.receipts[i]!)));
      expect(mixed.encode(block.header)).toEqual(referenceEncoding(block));
    }
    const big = createBlockBody();
    const block = randomBlock(createSeededRandom(5));
    for (let i = 0; i < 400; i++) block.txs.forEach((tx, j) => big.append(tx.bytes, storedReceiptJSON(block.receipts[j]!)));
    expect(big.count).toBe(400 * block.txs.length);
    // The header must count what the body holds.
    if (block.txs.length !== big.count) expect(() => big.encode(block.header)).toThrow(/one receipt per transaction/);
  });

  it("stores each receipt as the canonical text its receipts-root hash is taken of (one stringify serves both)", () => {
    const random = createSeededRandom(77);
    for (let run = 0; run < 300; run++) {
      const r = randomReceipt(random, `tx${run}`);
      expect(receiptHashOfText(storedReceiptJSON(r))).toEqual(receiptHash(r));
    }
  });
});
