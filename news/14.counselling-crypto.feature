Written counselling, the cryptographic core: the end-to-end encryption protocol
(AES-256-GCM conversation keys from the seeker's browser, messages and whole attachments
with authenticated context, envelopes by ECDH P-256 + HKDF-SHA-256 + AES-KW, private keys
under PBKDF2-SHA-256 with 600,000 iterations), documented with its threat model and fixed
test vectors in `docs/developers/counselling-crypto.md`; the browser module
`++plone++sozialplattform.counselling/crypto.js` (WebCrypto only) and a Python reference
client, tested against each other in Chromium.
