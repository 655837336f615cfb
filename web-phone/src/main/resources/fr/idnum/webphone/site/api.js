// The two servers, through this page's own origin (the web phone's allow-listed proxy): /idp/… is the realm,
// /enrollment/… the enrollment service. Also the app's sign-in (OIDC code + PKCE as idnum-app, in this browser).
import * as jose from './jose.js';
import * as store from './store.js';

let config;
let discovery;
let jwksCache;

export async function init() {
  config = await (await fetch('/config.json')).json();
  return config;
}

export const settings = () => config;

async function openIdConfiguration() {
  if (!discovery) {
    const answer = await fetch('/idp/.well-known/openid-configuration');
    if (!answer.ok) throw new Error('discovery ' + answer.status);
    discovery = await answer.json();
    if (discovery.issuer !== config.issuer) throw new Error('discovery names another issuer');
  }
  return discovery;
}

/** The realm's JWKS; fetched again when asked (before sealing a code, or for an unknown kid). */
export async function jwks(fresh) {
  if (!jwksCache || fresh) {
    const answer = await fetch('/idp/protocol/openid-connect/certs');
    if (!answer.ok) throw new Error('jwks ' + answer.status);
    jwksCache = await answer.json();
  }
  return jwksCache;
}

/** An answer reduced to what the page uses: status, body text, and the problem's name and members if any. */
async function reduce(answer) {
  const text = await answer.text();
  const type = answer.headers.get('Content-Type') || '';
  let problem = null;
  let json = null;
  if (type.startsWith('application/problem+json')) {
    try {
      problem = JSON.parse(text);
      problem.name = String(problem.type || '').split('/problems/')[1] || 'unknown';
    } catch (e) {
      problem = {name: 'unknown'};
    }
  } else if (type.startsWith('application/json') && text) {
    json = JSON.parse(text);
  }
  return {status: answer.status, ok: answer.ok, text, json, problem, retryAfter: answer.headers.get('Retry-After')};
}

// --- the app's sign-in -------------------------------------------------------------------------------------------

const TOKENS = 'idnum-web-phone-tokens';
const PENDING = 'idnum-web-phone-sign-in';

export async function beginSignIn(extra = {}) {
  const metadata = await openIdConfiguration();
  const {verifier, challenge} = await jose.pkce();
  const state = jose.randomToken();
  sessionStorage.setItem(PENDING, JSON.stringify({state, verifier}));
  const query = new URLSearchParams({response_type: 'code', client_id: config.clientId, redirect_uri: config.redirectUri,
    scope: 'openid', state, code_challenge: challenge, code_challenge_method: 'S256', ui_locales: 'fr', ...extra});
  location.assign(metadata.authorization_endpoint + '?' + query);
}

/** On the redirect URI: checks state and iss, redeems the code. Answers null when this is not a sign-in's return. */
export async function finishSignIn(query) {
  if (!query.has('state')) return null;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
  sessionStorage.removeItem(PENDING);
  if (!pending || pending.state !== query.get('state')) return {error: 'state'};
  if (query.has('iss') && query.get('iss') !== config.issuer) return {error: 'iss'};
  if (query.has('error') || !query.has('code')) return {error: query.get('error') || 'no-code'};
  const metadata = await openIdConfiguration();
  return tokenRequest(metadata, {grant_type: 'authorization_code', code: query.get('code'),
    redirect_uri: config.redirectUri, client_id: config.clientId, code_verifier: pending.verifier});
}

async function tokenRequest(metadata, form) {
  if (!metadata.token_endpoint.startsWith(config.issuer + '/')) throw new Error('token endpoint elsewhere');
  const path = '/idp/' + metadata.token_endpoint.substring(config.issuer.length + 1);
  const answer = await fetch(path, {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'},
    body: new URLSearchParams(form)});
  if (!answer.ok) return {error: 'token'};
  const tokens = await answer.json();
  sessionStorage.setItem(TOKENS, JSON.stringify({access: tokens.access_token, refresh: tokens.refresh_token,
    expiresAt: Date.now() + (tokens.expires_in || 60) * 1000}));
  return {ok: true};
}

export const signedIn = () => sessionStorage.getItem(TOKENS) !== null;
export const signOut = () => sessionStorage.removeItem(TOKENS);

/** A valid access token, refreshed when it is about to expire; null when the app must sign in again. */
async function accessToken() {
  const tokens = JSON.parse(sessionStorage.getItem(TOKENS) || 'null');
  if (!tokens) return null;
  if (tokens.expiresAt - Date.now() > 10_000) return tokens.access;
  if (!tokens.refresh) return null;
  const refreshed = await tokenRequest(await openIdConfiguration(),
      {grant_type: 'refresh_token', refresh_token: tokens.refresh, client_id: config.clientId});
  if (!refreshed.ok) {
    signOut();
    return null;
  }
  return JSON.parse(sessionStorage.getItem(TOKENS)).access;
}

// --- the enrollment service ----------------------------------------------------------------------------------------

/** A call of the citizen API with the app's token; {status: 401, signIn: true} when there is no valid token. */
export async function enrollment(method, path, body) {
  const token = await accessToken();
  if (!token) return {status: 401, signIn: true, problem: {name: 'invalid-token'}};
  const headers = {Authorization: 'Bearer ' + token, Accept: 'application/json'};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const answer = await reduce(await fetch('/enrollment/api/v1/enrollments' + path,
      {method, headers, body: body === undefined ? undefined : JSON.stringify(body)}));
  if (answer.status === 401 && !answer.problem) answer.signIn = true;
  return answer;
}

/**
 * The INSEE country codes with their French names, sorted by name, from the enrollment service (the table its
 * identity rules check against): [{code, name, inUse}], or null when it cannot be read. Public: no token.
 */
export async function countries() {
  const answer = await reduce(await fetch('/enrollment/api/v1/reference/countries', {headers: {Accept: 'application/json'}}));
  return answer.ok && Array.isArray(answer.json) ? answer.json : null;
}

// --- the device API ------------------------------------------------------------------------------------------------

const endpoint = path => config.issuer + '/idnum/' + path;

async function sendJws(path, jws, headers = {}) {
  return reduce(await fetch('/idp/idnum/' + path,
      {method: 'POST', headers: {'Content-Type': 'application/jose', ...headers}, body: jws}));
}

/** Seals each code of `pins` ({claim: [code, purpose]}) for the request `jti`, to the realm key read afresh. */
async function sealAll(claims, pins) {
  const realmKey = jose.encryptionKey(await jwks(true));
  if (!realmKey) throw new Error('no realm encryption key');
  for (const [claim, [code, purpose]] of Object.entries(pins)) {
    claims[claim] = await jose.sealPin(realmKey, code, purpose, claims.jti);
  }
}

/**
 * Activation: the app's token + a JWS signed by the new key (jwk header). The key pair is drawn once and kept
 * ('activation-key') until the activation succeeds, so a retry is made with the same key.
 */
export async function activate(code, label, pin) {
  const token = await accessToken();
  if (!token) return {status: 401, signIn: true, problem: {name: 'invalid-token'}};
  let keyPair = await store.load('activation-key');
  if (!keyPair) {
    keyPair = await jose.generateDeviceKey();
    await store.save('activation-key', keyPair);
  }
  const attempt = async () => {
    const claims = {...jose.requestClaims(endpoint('device/activation')), activation_code: code,
      push_token: await pushToken(), platform: 'android', device_label: label};
    await sealAll(claims, {pin: [pin, 'activation']});
    const jws = await jose.signJws({typ: 'idnum-activation+jwt', jwk: await jose.publicJwk(keyPair)}, claims, keyPair.privateKey);
    return sendJws('device/activation', jws, {Authorization: 'Bearer ' + token});
  };
  let answer = await attempt();
  if (answer.problem?.name === 'invalid-pin-envelope') answer = await attempt();
  const credentialId = answer.json?.credential_id || (answer.problem?.name === 'activation-code-used' && answer.problem.credential_id);
  if (credentialId) {
    await store.save('device', {keyPair, credentialId, label: answer.json?.device_label || label,
      activatedAt: answer.json?.activated_at || Date.now()});
    await store.remove('activation-key');
    return {...answer, ok: true, activated: true};
  }
  return answer;
}

/**
 * A browser cannot receive FCM pushes: the web phone registers a token in FCM's alphabet that no push service knows
 * (drawn once, kept) and pulls its challenges instead (docs/web-phone.md).
 */
async function pushToken() {
  let token = await store.load('push-token');
  if (!token) {
    token = 'web-phone:' + jose.randomToken();
    await store.save('push-token', token);
  }
  return token;
}

export const device = () => store.load('device');

/** Forgets this phone: its key pair and credential id (after a deactivation, or when the server no longer knows it). */
export async function forgetDevice() {
  await store.remove('device');
}

/** A later request: JWS of the phone key (kid = iss = credential id), the codes sealed for its jti. */
export async function deviceCall(path, claims = {}, pins = null) {
  const phone = await device();
  if (!phone) return {status: 401, problem: {name: 'invalid-device-request'}};
  const attempt = async () => {
    const all = {iss: phone.credentialId, ...jose.requestClaims(endpoint(path)), ...claims};
    if (pins) await sealAll(all, pins);
    const jws = await jose.signJws({typ: 'idnum-device+jwt', kid: phone.credentialId}, all, phone.keyPair.privateKey);
    return sendJws(path, jws, path === 'device/challenges/pending' ? {Accept: 'application/jwt'} : {});
  };
  let answer = await attempt();
  if (pins && answer.problem?.name === 'invalid-pin-envelope') answer = await attempt();
  return answer;
}

/** The pending challenge, verified; null when nothing waits. Throws when the document does not verify. */
export async function pendingChallenge() {
  const answer = await deviceCall('device/challenges/pending');
  if (answer.status === 204) return {none: true};
  if (answer.status !== 200) return {refused: answer};
  const phone = await device();
  const claims = await jose.verifyChallenge(answer.text, config.issuer, phone.credentialId, jwks);
  return {challenge: claims};
}
