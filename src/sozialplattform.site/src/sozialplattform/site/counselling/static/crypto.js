/*
 * The browser side of the counselling protocol (sozialplattform.counselling.v1).
 *
 * An ES module without a build step, served as
 * ++plone++sozialplattform.counselling/crypto.js. WebCrypto only (crypto.subtle),
 * no libraries. The specification is docs/developers/counselling-crypto.md; the Python
 * reference client (counselling/reference.py) implements the same operations and the
 * byte layouts of counselling/wire.py.
 *
 * Keys are CryptoKey objects. A conversation key is AES-GCM 256; a counsellor's key
 * pair is ECDH P-256. Private keys that come out of unwrapPrivateKey are not
 * extractable and can be kept in IndexedDB (saveKey / loadKey). Every failure
 * (malformed object, wrong key or passphrase, tampered ciphertext, wrong additional
 * data) rejects with a CounsellingCryptoError.
 */

export const PROTOCOL = "sozialplattform.counselling.v1";
export const VERSION = 1;
export const PBKDF2_ITERATIONS = 600000;
export const PBKDF2_MIN_ITERATIONS = 600000;
export const PBKDF2_MAX_ITERATIONS = 10000000;
export const ALG_PUBLIC_KEY = "ECDH-P256";
export const ALG_ENVELOPE = "ECDH-P256+HKDF-SHA256+A256KW";
export const ALG_PRIVATE_KEY = "PBKDF2-SHA256+A256GCM";

const KINDS = { message: 1, attachment: 2 };
const ROLES = { seeker: 1, counsellor: 2 };
const IV_LENGTH = 12;
const MAX_SEQ = 0xffffffff;
const MAX_INDEX = 0xffff;
const MAX_ATTACHMENT_HEADER = 1024;
export const MAX_MESSAGE_CIPHERTEXT = 20000;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const CONVERSATION_ID = /^[A-Za-z0-9_-]{16,64}$/;
const B64U = /^[A-Za-z0-9_-]*$/;
const SPKI_P256_PREFIX = hex(
  "3059301306072a8648ce3d020106082a8648ce3d030107034200",
);
const AES_GCM = { name: "AES-GCM", length: 256 };
const P256 = { name: "ECDH", namedCurve: "P-256" };
const subtle = globalThis.crypto.subtle;
const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder("utf-8", { fatal: true });

export class CounsellingCryptoError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = "CounsellingCryptoError";
  }
}

function fail(message, cause) {
  throw new CounsellingCryptoError(message, cause ? { cause } : undefined);
}

function hex(text) {
  return Uint8Array.from(text.match(/../g), (pair) => parseInt(pair, 16));
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function uint(value, bytes) {
  const out = new Uint8Array(bytes);
  for (let i = bytes - 1; i >= 0; i -= 1) {
    out[i] = value % 256;
    value = Math.floor(value / 256);
  }
  return out;
}

/* --- base64url (RFC 4648 section 5, no padding, canonical only) --------------------- */

export function b64uEncode(bytes) {
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = "";
  for (let i = 0; i < data.length; i += 0x8000) {
    binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function b64uDecode(text, length, field = "value") {
  if (typeof text !== "string" || !B64U.test(text) || text.length % 4 === 1) {
    fail(`${field}: not base64url without padding`);
  }
  const binary = atob(
    text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4),
  );
  const data = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  if (b64uEncode(data) !== text) fail(`${field}: not canonical base64url`);
  if (length !== undefined && length !== null && data.length !== length) {
    fail(`${field}: ${length} bytes expected, got ${data.length}`);
  }
  return data;
}

/* --- the authenticated byte strings (wire.py) ---------------------------------------- */

function checkConversationId(conversation) {
  if (typeof conversation !== "string" || !CONVERSATION_ID.test(conversation)) {
    fail("conversation: 16 to 64 characters of A-Z a-z 0-9 _ -");
  }
  return utf8.encode(conversation);
}

function checkInt(value, field, low, high) {
  if (!Number.isInteger(value) || value < low || value > high) {
    fail(`${field}: an integer from ${low} to ${high}`);
  }
}

/**
 * The AES-GCM additional data of a message or attachment:
 * PROTOCOL || 0x00 || u8 kind || u8 role || u32 seq || u16 index || u16 n || conversation.
 */
export function additionalData({ kind, conversation, role, seq, index = 0 }) {
  if (!Object.hasOwn(KINDS, kind)) fail("kind: 'message' or 'attachment'");
  if (!Object.hasOwn(ROLES, role)) fail("role: 'seeker' or 'counsellor'");
  const conv = checkConversationId(conversation);
  checkInt(seq, "seq", 1, MAX_SEQ);
  checkInt(index, "index", 0, kind === "message" ? 0 : MAX_INDEX);
  return concat(
    utf8.encode(PROTOCOL),
    Uint8Array.of(0, KINDS[kind], ROLES[role]),
    uint(seq, 4),
    uint(index, 2),
    uint(conv.length, 2),
    conv,
  );
}

function envelopeInfo(recipient, conversation) {
  const kid = b64uDecode(recipient, 32, "recipient");
  const conv = checkConversationId(conversation);
  return concat(
    utf8.encode(`${PROTOCOL}\u0000envelope\u0000`),
    kid,
    uint(conv.length, 2),
    conv,
  );
}

function privateKeyAad(kid) {
  return concat(
    utf8.encode(`${PROTOCOL}\u0000private-key\u0000`),
    b64uDecode(kid, 32, "kid"),
  );
}

function checkObject(obj, type, keys) {
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) {
    fail(`${type}: a JSON object expected`);
  }
  const have = Object.keys(obj).sort().join(",");
  if (have !== [...keys].sort().join(",")) {
    fail(`${type}: exactly the keys ${keys.join(", ")}`);
  }
  if (obj.v !== VERSION) fail(`${type}: v must be ${VERSION}`);
  if (obj.type !== type) fail(`type must be '${type}'`);
}

function expect(obj, expected) {
  for (const [name, value] of Object.entries(expected)) {
    if (value !== undefined && value !== null && obj[name] !== value) {
      fail(`${name}: ${JSON.stringify(value)} expected`);
    }
  }
}

async function guard(promise, message) {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof CounsellingCryptoError) throw error;
    return fail(message, error);
  }
}

/* --- conversation key and link ------------------------------------------------------- */

/** A new conversation id: 128 random bits, base64url (22 characters). */
export function createConversationId() {
  return b64uEncode(crypto.getRandomValues(new Uint8Array(16)));
}

/** A new conversation key (AES-GCM 256, extractable: it goes into the link). */
export async function createConversationKey() {
  return subtle.generateKey(AES_GCM, true, ["encrypt", "decrypt"]);
}

/** The key part of the secret link: base64url of the 32 raw key bytes. */
export async function exportLinkKey(key) {
  return b64uEncode(await guard(subtle.exportKey("raw", key), "key not exportable"));
}

/** The conversation key from the link's key part. */
export async function importLinkKey(text, { extractable = true } = {}) {
  const raw = b64uDecode(text, 32, "key");
  return subtle.importKey("raw", raw, AES_GCM, extractable, ["encrypt", "decrypt"]);
}

/** "<token>.<key>", the fragment of …/@@beratung#<token>.<key>. */
export function linkFragment(token, linkKey) {
  const fragment = `${token}.${linkKey}`;
  parseLinkFragment(fragment);
  return fragment;
}

/** "#<token>.<key>" or "<token>.<key>" → {token, key} (key as base64url). */
export function parseLinkFragment(fragment) {
  const text = String(fragment).replace(/^#/, "");
  const parts = text.split(".");
  if (parts.length !== 2 || !parts[0] || !B64U.test(parts[0])) {
    fail("link: '<token>.<key>' expected");
  }
  b64uDecode(parts[1], 32, "key");
  return { token: parts[0], key: parts[1] };
}

/* --- messages and attachments -------------------------------------------------------- */

async function encrypt(key, plaintext, aad) {
  const iv = crypto.getRandomValues(new Uint8Array(IV_LENGTH));
  const ciphertext = await guard(
    subtle.encrypt({ name: "AES-GCM", iv, additionalData: aad }, key, plaintext),
    "encryption failed: not an AES-GCM key",
  );
  return { iv: b64uEncode(iv), ciphertext: b64uEncode(new Uint8Array(ciphertext)) };
}

async function decrypt(key, obj, aad) {
  const iv = b64uDecode(obj.iv, IV_LENGTH, "iv");
  const ciphertext = b64uDecode(obj.ciphertext, undefined, "ciphertext");
  if (ciphertext.length < 16) fail("ciphertext: too short");
  return new Uint8Array(
    await guard(
      subtle.decrypt({ name: "AES-GCM", iv, additionalData: aad }, key, ciphertext),
      "decryption failed: wrong key, tampered ciphertext or context",
    ),
  );
}

/** Encrypt a message's text → message object. */
export async function encryptMessage(key, text, { conversation, role, seq }) {
  const aad = additionalData({ kind: "message", conversation, role, seq });
  if (typeof text !== "string") fail("text: a string");
  const plaintext = utf8.encode(text);
  if (plaintext.length + 16 > MAX_MESSAGE_CIPHERTEXT) {
    fail(`text: at most ${MAX_MESSAGE_CIPHERTEXT - 16} bytes of UTF-8`);
  }
  const { iv, ciphertext } = await encrypt(key, plaintext, aad);
  return { v: VERSION, type: "message", conversation, role, seq, iv, ciphertext };
}

/** Decrypt a message object → {text, conversation, role, seq}; `expected` may name
 * conversation, role and seq, a mismatch fails. */
export async function decryptMessage(key, message, expected = {}) {
  checkObject(message, "message", [
    "v", "type", "conversation", "role", "seq", "iv", "ciphertext",
  ]);
  expect(message, expected);
  const { conversation, role, seq } = message;
  const aad = additionalData({ kind: "message", conversation, role, seq });
  const plaintext = await decrypt(key, message, aad);
  let text;
  try {
    text = utf8Strict.decode(plaintext);
  } catch (error) {
    fail("the message is not UTF-8", error);
  }
  return { text, conversation, role, seq };
}

/** Encrypt a file (bytes) with its name and media type inside the ciphertext, as
 * attachment `index` of message `seq` → attachment object. */
export async function encryptAttachment(
  key, data, { name, type }, { conversation, role, seq, index },
) {
  const aad = additionalData({ kind: "attachment", conversation, role, seq, index });
  if (typeof name !== "string" || typeof type !== "string") {
    fail("name and type: strings");
  }
  const header = utf8.encode(JSON.stringify({ name, type }));
  if (header.length > MAX_ATTACHMENT_HEADER) {
    fail("name and type: at most 1024 bytes together");
  }
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  if (bytes.length > MAX_ATTACHMENT_BYTES) fail("attachment: at most 10 MiB");
  const plaintext = concat(uint(header.length, 2), header, bytes);
  const { iv, ciphertext } = await encrypt(key, plaintext, aad);
  return {
    v: VERSION, type: "attachment", conversation, role, seq, index, iv, ciphertext,
  };
}

/** Decrypt an attachment → {data: Uint8Array, name, type, conversation, role, seq,
 * index}. */
export async function decryptAttachment(key, attachment, expected = {}) {
  checkObject(attachment, "attachment", [
    "v", "type", "conversation", "role", "seq", "index", "iv", "ciphertext",
  ]);
  expect(attachment, expected);
  const { conversation, role, seq, index } = attachment;
  const aad = additionalData({ kind: "attachment", conversation, role, seq, index });
  const plaintext = await decrypt(key, attachment, aad);
  const length = plaintext.length >= 2 ? plaintext[0] * 256 + plaintext[1] : 0;
  let header;
  try {
    if (plaintext.length < 2 + length) throw new Error("short");
    header = JSON.parse(utf8Strict.decode(plaintext.subarray(2, 2 + length)));
  } catch (error) {
    fail("the attachment header is malformed", error);
  }
  if (typeof header?.name !== "string" || typeof header?.type !== "string") {
    fail("the attachment header is malformed");
  }
  return {
    data: plaintext.slice(2 + length),
    name: header.name,
    type: header.type,
    conversation,
    role,
    seq,
    index,
  };
}

/** Check the sequence numbers of messages in the order the server delivered them
 * (sync): per role they must run 1, 2, 3, … without gaps or repeats. `next` is the
 * state of an earlier call ({seeker: 1, counsellor: 1} at the start of a
 * conversation); returns {problems: [{role, expected, seq}], next}. */
export function checkSequence(messages, next = { seeker: 1, counsellor: 1 }) {
  const state = { ...next };
  const problems = [];
  for (const { role, seq } of messages) {
    if (!Object.hasOwn(ROLES, role)) fail("role: 'seeker' or 'counsellor'");
    if (seq !== state[role]) problems.push({ role, expected: state[role], seq });
    state[role] = Math.max(state[role], seq + 1);
  }
  return { problems, next: state };
}

/* --- counsellor keys ----------------------------------------------------------------- */

/** A new ECDH P-256 key pair {publicKey, privateKey}; the private key is extractable
 * only so that wrapPrivateKey can wrap it (createCounsellorKeys does both). */
export async function generateCounsellorKeyPair() {
  return subtle.generateKey(P256, true, ["deriveBits"]);
}

async function spki(publicKey) {
  return new Uint8Array(await guard(subtle.exportKey("spki", publicKey), "not a public key"));
}

/** base64url(SHA-256(DER SPKI)) of a public key. */
export async function keyId(publicKey) {
  const der = await spki(publicKey);
  if (der.length !== 91 || SPKI_P256_PREFIX.some((byte, i) => der[i] !== byte)) {
    fail("not a P-256 public key");
  }
  return b64uEncode(new Uint8Array(await subtle.digest("SHA-256", der)));
}

/** The public-key object the server stores for a counsellor. */
export async function exportPublicKey(publicKey) {
  return {
    v: VERSION,
    type: "public-key",
    alg: ALG_PUBLIC_KEY,
    kid: await keyId(publicKey),
    spki: b64uEncode(await spki(publicKey)),
  };
}

/** A public-key object → CryptoKey; checks the kid (and WebCrypto the point). */
export async function importPublicKey(obj) {
  checkObject(obj, "public-key", ["v", "type", "alg", "kid", "spki"]);
  if (obj.alg !== ALG_PUBLIC_KEY) fail(`alg must be '${ALG_PUBLIC_KEY}'`);
  const der = b64uDecode(obj.spki, 91, "spki");
  const key = await guard(
    subtle.importKey("spki", der, P256, true, []), "spki: not a valid P-256 public key",
  );
  if ((await keyId(key)) !== obj.kid) fail("kid is not the SHA-256 of spki");
  return key;
}

async function passphraseKey(passphrase, salt, iterations) {
  if (typeof passphrase !== "string" || !passphrase) fail("a passphrase is required");
  checkInt(iterations, "iterations", PBKDF2_MIN_ITERATIONS, PBKDF2_MAX_ITERATIONS);
  const base = await subtle.importKey(
    "raw", utf8.encode(passphrase.normalize("NFC")), "PBKDF2", false, ["deriveKey"],
  );
  return subtle.deriveKey(
    { name: "PBKDF2", hash: "SHA-256", salt, iterations },
    base,
    AES_GCM,
    false,
    ["wrapKey", "unwrapKey"],
  );
}

async function publicKeyOf(privateKey) {
  const jwk = await guard(
    subtle.exportKey("jwk", privateKey), "the private key is not extractable",
  );
  const { d, key_ops: _ops, ext: _ext, ...pub } = jwk;
  return subtle.importKey("jwk", pub, P256, true, []);
}

/** Wrap an extractable private key with a key from the passphrase (PBKDF2-SHA-256,
 * `iterations` ≥ 600,000, AES-256-GCM) → wrapped-private-key object. */
export async function wrapPrivateKey(
  privateKey, passphrase, { iterations = PBKDF2_ITERATIONS } = {},
) {
  const kid = await keyId(await publicKeyOf(privateKey));
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(IV_LENGTH));
  const kek = await passphraseKey(passphrase, salt, iterations);
  const ciphertext = await subtle.wrapKey("pkcs8", privateKey, kek, {
    name: "AES-GCM", iv, additionalData: privateKeyAad(kid),
  });
  return {
    v: VERSION,
    type: "wrapped-private-key",
    alg: ALG_PRIVATE_KEY,
    kid,
    kdf: { iterations, salt: b64uEncode(salt) },
    iv: b64uEncode(iv),
    ciphertext: b64uEncode(new Uint8Array(ciphertext)),
  };
}

/** The private key back, not extractable unless asked for; a wrong passphrase or a
 * changed object fails. */
export async function unwrapPrivateKey(obj, passphrase, { extractable = false } = {}) {
  checkObject(obj, "wrapped-private-key", [
    "v", "type", "alg", "kid", "kdf", "iv", "ciphertext",
  ]);
  if (obj.alg !== ALG_PRIVATE_KEY) fail(`alg must be '${ALG_PRIVATE_KEY}'`);
  const kdf = obj.kdf;
  if (kdf === null || typeof kdf !== "object"
      || Object.keys(kdf).sort().join(",") !== "iterations,salt") {
    fail("kdf: exactly 'iterations' and 'salt'");
  }
  const kek = await passphraseKey(passphrase, b64uDecode(kdf.salt, 16, "salt"), kdf.iterations);
  const iv = b64uDecode(obj.iv, IV_LENGTH, "iv");
  return guard(
    subtle.unwrapKey(
      "pkcs8",
      b64uDecode(obj.ciphertext, undefined, "ciphertext"),
      kek,
      { name: "AES-GCM", iv, additionalData: privateKeyAad(obj.kid) },
      P256,
      extractable,
      ["deriveBits"],
    ),
    "wrong passphrase or changed key object",
  );
}

/** First use of a counsellor: a key pair, its public-key object, the private key
 * wrapped with the passphrase (for the server) and a non-extractable private key
 * (for IndexedDB). */
export async function createCounsellorKeys(passphrase, options = {}) {
  const pair = await generateCounsellorKeyPair();
  const wrappedPrivateKey = await wrapPrivateKey(pair.privateKey, passphrase, options);
  const privateKey = await unwrapPrivateKey(wrappedPrivateKey, passphrase);
  const publicKey = await exportPublicKey(pair.publicKey);
  return { kid: publicKey.kid, publicKey, wrappedPrivateKey, privateKey };
}

/* --- envelopes ----------------------------------------------------------------------- */

async function envelopeKey(privateKey, publicKey, epk, recipient, conversation, usage) {
  const shared = await subtle.deriveBits({ name: "ECDH", public: publicKey }, privateKey, 256);
  const ikm = await subtle.importKey("raw", shared, "HKDF", false, ["deriveKey"]);
  return subtle.deriveKey(
    {
      name: "HKDF", hash: "SHA-256", salt: epk, info: envelopeInfo(recipient, conversation),
    },
    ikm,
    { name: "AES-KW", length: 256 },
    false,
    [usage],
  );
}

/** Wrap the conversation key for one counsellor (CryptoKey or public-key object)
 * → envelope object. The conversation key must be extractable. */
export async function wrapConversationKey(key, recipient, conversation) {
  const publicKey = recipient instanceof CryptoKey ? recipient : await importPublicKey(recipient);
  const kid = await keyId(publicKey);
  checkConversationId(conversation);
  const ephemeral = await subtle.generateKey(P256, true, ["deriveBits"]);
  const epk = new Uint8Array(await subtle.exportKey("raw", ephemeral.publicKey));
  const kek = await envelopeKey(
    ephemeral.privateKey, publicKey, epk, kid, conversation, "wrapKey",
  );
  const wrapped = await guard(
    subtle.wrapKey("raw", key, kek, "AES-KW"),
    "the conversation key is not an extractable AES key",
  );
  return {
    v: VERSION,
    type: "envelope",
    alg: ALG_ENVELOPE,
    conversation,
    recipient: kid,
    epk: b64uEncode(epk),
    wrapped: b64uEncode(new Uint8Array(wrapped)),
  };
}

/** The conversation key from an envelope addressed to `privateKey`; not extractable
 * unless asked for (re-wrapping needs it). `conversation` is the expected id. */
export async function unwrapConversationKey(
  envelope, privateKey, { conversation, extractable = false } = {},
) {
  checkObject(envelope, "envelope", [
    "v", "type", "alg", "conversation", "recipient", "epk", "wrapped",
  ]);
  if (envelope.alg !== ALG_ENVELOPE) fail(`alg must be '${ALG_ENVELOPE}'`);
  expect(envelope, { conversation });
  const epk = b64uDecode(envelope.epk, 65, "epk");
  const ephemeral = await guard(
    subtle.importKey("raw", epk, P256, false, []), "epk: not a point on P-256",
  );
  const kek = await guard(
    envelopeKey(
      privateKey, ephemeral, epk, envelope.recipient, envelope.conversation, "unwrapKey",
    ),
    "not an ECDH P-256 private key",
  );
  return guard(
    subtle.unwrapKey(
      "raw",
      b64uDecode(envelope.wrapped, 40, "wrapped"),
      kek,
      "AES-KW",
      AES_GCM,
      extractable,
      ["encrypt", "decrypt"],
    ),
    "unwrapping failed: wrong key or changed envelope",
  );
}

/** A colleague's envelope for the same conversation key (granting access). */
export async function rewrapConversationKey(envelope, privateKey, recipient) {
  const key = await unwrapConversationKey(envelope, privateKey, { extractable: true });
  return wrapConversationKey(key, recipient, envelope.conversation);
}

/* --- IndexedDB: non-extractable keys stay in this browser ---------------------------- */

const DB_NAME = "sozialplattform.counselling";
const STORE = "keys";

function openDb() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function withStore(mode, action) {
  const db = await openDb();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = action(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

/** Keep a CryptoKey (structured clone, stays non-extractable) under `name`. */
export function saveKey(name, key) {
  return withStore("readwrite", (store) => store.put(key, name));
}

/** The CryptoKey saved under `name`, or undefined. */
export function loadKey(name) {
  return withStore("readonly", (store) => store.get(name));
}

export function deleteKey(name) {
  return withStore("readwrite", (store) => store.delete(name));
}
