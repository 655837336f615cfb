// The wire format of docs/device-api.md, in WebCrypto only: the ES256 device requests (JWS), the PIN envelope
// (JWE RSA-OAEP[-256] + A256GCM) and the check of the realm-signed challenge document. No other library.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function b64url(bytes) {
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = '';
  for (const b of data) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromB64url(text) {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
  const binary = atob(base64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

const jsonPart = value => b64url(encoder.encode(JSON.stringify(value)));

export const now = () => Math.floor(Date.now() / 1000);

/** A new phone key: P-256, private part not extractable (kept as a CryptoKey in IndexedDB, never as bytes). */
export function generateDeviceKey() {
  return crypto.subtle.generateKey({name: 'ECDSA', namedCurve: 'P-256'}, false, ['sign', 'verify']);
}

/** The public key as the activation's `jwk` header wants it: kty, crv, x, y and nothing else. */
export async function publicJwk(keyPair) {
  const jwk = await crypto.subtle.exportKey('jwk', keyPair.publicKey);
  return {kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y};
}

/** A compact JWS signed with ES256; WebCrypto's ECDSA signature already is JOSE's R || S (64 bytes). */
export async function signJws(header, claims, privateKey) {
  const input = jsonPart({...header, alg: 'ES256'}) + '.' + jsonPart(claims);
  const signature = await crypto.subtle.sign({name: 'ECDSA', hash: 'SHA-256'}, privateKey, encoder.encode(input));
  return input + '.' + b64url(signature);
}

/** The claims every device request carries: aud (the endpoint's full URL), iat, exp (60 s later), a fresh jti. */
export function requestClaims(endpointUrl) {
  const iat = now();
  return {aud: endpointUrl, iat, exp: iat + 60, jti: crypto.randomUUID()};
}

/** The realm key to seal codes to: RSA, use enc, RSA-OAEP-256 preferred over RSA-OAEP. */
export function encryptionKey(jwks) {
  const candidates = (jwks.keys || []).filter(k => k.kty === 'RSA' && k.use === 'enc');
  return candidates.find(k => k.alg === 'RSA-OAEP-256') || candidates.find(k => k.alg === 'RSA-OAEP');
}

/**
 * The PIN envelope: a compact JWE of {pin, purpose, req, iat} to the realm's encryption key. `req` is the jti of
 * the request it travels in, so it is worthless in any other.
 */
export async function sealPin(realmKey, pin, purpose, jti) {
  const alg = realmKey.alg;
  const rsa = await crypto.subtle.importKey('jwk', {kty: 'RSA', n: realmKey.n, e: realmKey.e},
      {name: 'RSA-OAEP', hash: alg === 'RSA-OAEP-256' ? 'SHA-256' : 'SHA-1'}, false, ['encrypt']);
  const header = {alg, enc: 'A256GCM'};
  if (realmKey.kid) header.kid = realmKey.kid;
  const protectedHeader = jsonPart(header);
  const cek = crypto.getRandomValues(new Uint8Array(32));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const encryptedKey = await crypto.subtle.encrypt({name: 'RSA-OAEP'}, rsa, cek);
  const aes = await crypto.subtle.importKey('raw', cek, {name: 'AES-GCM'}, false, ['encrypt']);
  cek.fill(0);
  const plaintext = encoder.encode(JSON.stringify({pin, purpose, req: jti, iat: now()}));
  const sealed = new Uint8Array(await crypto.subtle.encrypt(
      {name: 'AES-GCM', iv, additionalData: encoder.encode(protectedHeader), tagLength: 128}, aes, plaintext));
  plaintext.fill(0);
  const ciphertext = sealed.slice(0, sealed.length - 16);
  const tag = sealed.slice(sealed.length - 16);
  return [protectedHeader, b64url(encryptedKey), b64url(iv), b64url(ciphertext), b64url(tag)].join('.');
}

function decodeJws(compact) {
  const parts = compact.trim().split('.');
  if (parts.length !== 3) throw new Error('not a compact JWS');
  return {
    header: JSON.parse(decoder.decode(fromB64url(parts[0]))),
    claims: JSON.parse(decoder.decode(fromB64url(parts[1]))),
    input: encoder.encode(parts[0] + '.' + parts[1]),
    signature: fromB64url(parts[2]),
  };
}

const VERIFIERS = {
  ES256: {import: {name: 'ECDSA', namedCurve: 'P-256'}, verify: {name: 'ECDSA', hash: 'SHA-256'}},
  RS256: {import: {name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256'}, verify: {name: 'RSASSA-PKCS1-v1_5'}},
  PS256: {import: {name: 'RSA-PSS', hash: 'SHA-256'}, verify: {name: 'RSA-PSS', saltLength: 32}},
};

/**
 * The challenge document, checked as the docs ask before anything is shown: typ, alg, a realm key by kid (the JWKS
 * is fetched again once for an unknown kid), the signature, iss, aud (this phone), exp (10 s skew), challenge_id and
 * nonce. Answers the claims, or throws.
 */
export async function verifyChallenge(compact, issuer, credentialId, fetchJwks) {
  const {header, claims, input, signature} = decodeJws(compact);
  const verifier = VERIFIERS[header.alg];
  if (header.typ !== 'idnum-challenge+jwt' || !verifier || !header.kid) throw new Error('challenge header refused');
  let jwk = (await fetchJwks(false)).keys.find(k => k.kid === header.kid && k.use !== 'enc');
  if (!jwk) jwk = (await fetchJwks(true)).keys.find(k => k.kid === header.kid && k.use !== 'enc');
  if (!jwk) throw new Error('unknown realm key');
  const publicKey = jwk.kty === 'EC'
      ? {kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y}
      : {kty: 'RSA', n: jwk.n, e: jwk.e};
  const key = await crypto.subtle.importKey('jwk', publicKey, verifier.import, false, ['verify']);
  if (!await crypto.subtle.verify(verifier.verify, key, signature, input)) throw new Error('bad challenge signature');
  const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (claims.iss !== issuer) throw new Error('challenge from another issuer');
  if (!audience.includes(credentialId)) throw new Error('challenge for another phone');
  if (typeof claims.exp !== 'number' || claims.exp < now() - 10) throw new Error('challenge expired');
  if (!claims.challenge_id || !claims.nonce) throw new Error('challenge incomplete');
  return claims;
}

/** PKCE S256: a random verifier and its challenge. */
export async function pkce() {
  const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = b64url(await crypto.subtle.digest('SHA-256', encoder.encode(verifier)));
  return {verifier, challenge};
}

export const randomToken = () => b64url(crypto.getRandomValues(new Uint8Array(24)));
