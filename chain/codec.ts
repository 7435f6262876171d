/**
 * A small canonical binary codec: fixed-width big-endian integers, length-prefixed bytes.
 * Canonical means one value has exactly one encoding, so hashes and signatures are stable.
 */
const utf8 = new TextEncoder();
const utf8d = new TextDecoder("utf-8", { fatal: true });

export class ByteWriter {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  private len = 0;

  private ensure(n: number) {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  u8(v: number) {
    this.ensure(1);
    this.buf[this.len++] = v & 0xff;
    return this;
  }
  u32(v: number) {
    this.ensure(4);
    this.view.setUint32(this.len, v);
    this.len += 4;
    return this;
  }
  u64(v: number | bigint) {
    this.ensure(8);
    this.view.setBigUint64(this.len, BigInt(v));
    this.len += 8;
    return this;
  }
  raw(b: Uint8Array) {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
    return this;
  }
  /** u32 length + bytes */
  bytes(b: Uint8Array) {
    return this.u32(b.length).raw(b);
  }
  string(s: string) {
    return this.bytes(utf8.encode(s));
  }
  /** Unsigned big integer: u8 length + minimal big-endian bytes (zero is length 0). */
  bigint(v: bigint) {
    if (v < 0n) throw new RangeError("negative integer in canonical encoding");
    let hex = v === 0n ? "" : v.toString(16);
    if (hex.length % 2) hex = "0" + hex;
    const n = hex.length / 2;
    if (n > 32) throw new RangeError("integer wider than 256 bits");
    this.u8(n);
    this.ensure(n);
    for (let i = 0; i < n; i++) this.buf[this.len++] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
    return this;
  }
  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

export class ByteReader {
  private pos = 0;
  private readonly view: DataView;
  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  get offset() {
    return this.pos;
  }
  get remaining() {
    return this.buf.length - this.pos;
  }
  private need(n: number) {
    if (this.pos + n > this.buf.length) throw new RangeError("truncated input");
  }
  u8() {
    this.need(1);
    return this.buf[this.pos++]!;
  }
  u32() {
    this.need(4);
    const v = this.view.getUint32(this.pos);
    this.pos += 4;
    return v;
  }
  u64(): bigint {
    this.need(8);
    const v = this.view.getBigUint64(this.pos);
    this.pos += 8;
    return v;
  }
  u64n(): number {
    const v = this.u64();
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError("integer too large");
    return Number(v);
  }
  raw(n: number): Uint8Array {
    this.need(n);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  bytes(max = 1 << 30): Uint8Array {
    const n = this.u32();
    if (n > max) throw new RangeError("length over limit");
    return this.raw(n);
  }
  string(max = 1 << 20): string {
    return utf8d.decode(this.bytes(max));
  }
  bigint(): bigint {
    const n = this.u8();
    if (n > 32) throw new RangeError("integer wider than 256 bits");
    const b = this.raw(n);
    if (n > 0 && b[0] === 0) throw new RangeError("non-minimal integer");
    let v = 0n;
    for (const x of b) v = (v << 8n) | BigInt(x);
    return v;
  }
  end() {
    if (this.pos !== this.buf.length) throw new RangeError("trailing bytes");
  }
}
