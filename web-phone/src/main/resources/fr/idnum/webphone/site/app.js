// The phone app's screens: sign-in, enrollment (enrollment.js), activation, the list of sign-in requests, the
// answer (number, code, approve / deny / not me), and the settings (change of code, unlock, deactivation).
import * as api from './api.js';
import * as messages from './messages.js';
import * as enrollment from './enrollment.js';

const $ = id => document.getElementById(id);
const POLL_MS = 3000;

const VIEWS = ['view-loading', 'view-welcome', 'view-enrollment', 'view-activation', 'view-phone', 'view-challenge', 'view-settings'];
let pollTimer = null;
let current = null;          // the challenge on screen
let countdownTimer = null;
const seen = new Map();       // challenge_id -> list item

export function show(view) {
  for (const id of VIEWS) $(id).hidden = id !== view;
  const title = $(view).querySelector('h1');
  if (title && title.hasAttribute('tabindex')) title.focus();
}

export function say(text) {
  $('alert').hidden = true;
  $('status').textContent = text || '';
}

export function warn(text) {
  $('alert').textContent = text;
  $('alert').hidden = false;
}

// --- start ---------------------------------------------------------------------------------------------------------

async function start() {
  await api.init();
  wire();
  const query = new URLSearchParams(location.search);
  if (query.has('state')) {
    const result = await api.finishSignIn(query);
    history.replaceState(null, '', '/');
    if (result?.error) warn(messages.TEXTS.signInFailed);
  }
  await home();
}

async function home() {
  if (await api.device()) {
    showPhone();
  } else if (api.signedIn()) {
    show('view-enrollment');
    await enrollment.refresh({show, say, warn, goActivation: showActivation});
  } else {
    show('view-welcome');
  }
}

function wire() {
  $('sign-in').addEventListener('click', () => api.beginSignIn());
  $('sign-out').addEventListener('click', () => { api.signOut(); say(''); home(); });
  $('go-activation').addEventListener('click', showActivation);
  $('activation-back').addEventListener('click', home);
  $('activation-resend').addEventListener('click', resendActivationCode);
  $('forget-phone').addEventListener('click', async () => {
    await api.forgetDevice();
    $('forget-phone').hidden = true;
    say('');
    await home();
  });
  $('activation-form').addEventListener('submit', activate);
  $('challenge-form').addEventListener('submit', event => { event.preventDefault(); answer('approve'); });
  $('deny').addEventListener('click', () => answer('deny'));
  $('not-me').addEventListener('click', () => answer('report-fraud'));
  $('open-pin-change').addEventListener('click', () => openSettings('pin-change-form', 'Changer mon code secret'));
  $('open-unlock').addEventListener('click', () => openSettings('unlock-form', 'Débloquer mes connexions'));
  $('open-deactivation').addEventListener('click', () => openSettings('deactivation-form', 'Désactiver ce téléphone'));
  $('settings-back').addEventListener('click', showPhone);
  $('pin-change-form').addEventListener('submit', changePin);
  $('unlock-form').addEventListener('submit', unlock);
  $('deactivation-form').addEventListener('submit', deactivate);
  for (const pad of document.querySelectorAll('.pin-pad')) pinPad(pad);
  document.addEventListener('visibilitychange', () => { if (!document.hidden) poll(); });
  enrollment.wire({show, say, warn, goActivation: showActivation, home});
}

/** On-screen digits for a code field; the field itself stays usable with the keyboard. */
function pinPad(pad) {
  const field = $(pad.dataset.for);
  for (const key of ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '⌫']) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = key;
    if (key === '⌫') button.setAttribute('aria-label', 'Effacer le dernier chiffre');
    button.addEventListener('click', () => {
      field.value = key === '⌫' ? field.value.slice(0, -1) : (field.value + key).slice(0, 4);
    });
    pad.appendChild(button);
  }
}

// --- activation ----------------------------------------------------------------------------------------------------

function showActivation() {
  say('');
  show('view-activation');
}

async function activate(event) {
  event.preventDefault();
  const code = $('activation-code').value.replace(/\s/g, '');
  const pin = $('new-pin').value;
  if (!/^[0-9]{6}$/.test(code)) return warn("Le code d'activation comporte 6 chiffres.");
  if (pin !== $('new-pin-again').value) return warn(messages.TEXTS.pinsDiffer);
  const violation = messages.pinViolation(pin, enrollment.birthDate());
  if (violation) return warn(messages.weakPin(violation));
  const label = $('device-label').value.trim() || 'Navigateur web';
  $('activate-button').disabled = true;
  try {
    const answer = await api.activate(code, label, pin);
    if (answer.activated) {
      $('new-pin').value = $('new-pin-again').value = $('activation-code').value = '';
      showPhone();
      say(messages.TEXTS.activated);
    } else if (answer.signIn) {
      api.signOut();
      show('view-welcome');
      warn(messages.deviceProblem(answer.problem));
    } else {
      warn(messages.deviceProblem(answer.problem));
    }
  } catch (e) {
    warn(messages.TEXTS.offline);
  } finally {
    $('activate-button').disabled = false;
  }
}

/** A new code, sent where the previous one went (the previous one dies). */
async function resendActivationCode() {
  const answer = await api.enrollment('POST', '/current/activation-code/resend');
  if (answer.ok) {
    say("Un nouveau code d'activation vous a été envoyé, par le même moyen que le précédent ; l'ancien ne fonctionne plus.");
  } else {
    warn(messages.enrollmentProblem(answer));
  }
}

// --- the list of sign-in requests ----------------------------------------------------------------------------------

async function showPhone() {
  const phone = await api.device();
  if (!phone) return home();
  $('phone-label').textContent = phone.label;
  show('view-phone');
  poll();
}

async function poll() {
  clearTimeout(pollTimer);
  pollTimer = null;
  if ($('view-phone').hidden && $('view-challenge').hidden) return;
  try {
    const found = await api.pendingChallenge();
    $('polling-state').textContent = 'Dernière vérification : ' + new Date().toLocaleTimeString('fr-FR');
    if (found.challenge) {
      listed(found.challenge);
    } else if (found.refused) {
      const problem = found.refused.problem;
      warn(messages.deviceProblem(problem));
      if (problem?.name === 'invalid-device-request') {
        // Deactivated elsewhere, replaced, or the clock is far off: the citizen decides to forget it (docs).
        $('forget-phone').hidden = false;
        return;
      }
    }
  } catch (e) {
    // A document that does not verify is not shown (docs: "show nothing and answer nothing").
    warn(e instanceof TypeError ? messages.TEXTS.offline : messages.TEXTS.badChallenge);
  }
  pollTimer = setTimeout(poll, POLL_MS);
}

function describe(challenge) {
  return challenge.client_name === 'via FranceConnect+' ? 'Un service, via FranceConnect+' : challenge.client_name;
}

/** Each request once in the list, newest first, with a button that opens it. */
function listed(challenge) {
  if (seen.has(challenge.challenge_id)) return;
  const item = document.createElement('li');
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'open-challenge';
  const at = new Date(challenge.iat * 1000).toLocaleTimeString('fr-FR', {hour: '2-digit', minute: '2-digit'});
  button.textContent = `${describe(challenge)} demande à vous connecter (${at}) — répondre`;
  button.addEventListener('click', () => openChallenge(challenge, item));
  item.appendChild(button);
  $('notifications').prepend(item);
  $('no-notification').hidden = true;
  seen.set(challenge.challenge_id, item);
}

function done(item, text) {
  item.textContent = text;
}

// --- answering -----------------------------------------------------------------------------------------------------

function openChallenge(challenge, item) {
  current = {challenge, item};
  say('');
  $('challenge-who').textContent = `${describe(challenge)} demande à vous connecter à votre Identité Numérique.`;
  $('challenge-from').textContent = `Depuis : ${challenge.browser === '?' ? 'un navigateur inconnu' : challenge.browser}, `
      + `${challenge.os === '?' ? 'système inconnu' : challenge.os}.`;
  $('challenge-replaces').hidden = !challenge.replaces_previous;
  $('challenge-replaces').textContent = challenge.replaces_previous ? messages.TEXTS.replaces : '';
  $('number-block').hidden = !challenge.number_matching;
  $('challenge-number').value = '';
  $('challenge-pin').value = '';
  clearInterval(countdownTimer);
  const tick = () => {
    const left = challenge.exp - Math.floor(Date.now() / 1000);
    $('challenge-countdown').textContent = left > 0 ? `Temps restant : ${left} s` : 'Cette demande a expiré.';
  };
  tick();
  countdownTimer = setInterval(tick, 1000);
  show('view-challenge');
}

async function answer(decision) {
  if (!current) return;
  const {challenge, item} = current;
  const claims = {challenge_id: challenge.challenge_id, nonce: challenge.nonce, decision};
  let pins = null;
  if (decision === 'approve') {
    if (challenge.number_matching) {
      const number = $('challenge-number').value.trim();
      if (!/^[1-9][0-9]$/.test(number)) return warn(messages.TEXTS.numberRequired);
      claims.number = Number(number);
    }
    const pin = $('challenge-pin').value;
    if (!/^[0-9]{4}$/.test(pin)) return warn(messages.TEXTS.pinRequired);
    pins = {pin: [pin, 'challenge']};
  }
  const buttons = ['approve', 'deny', 'not-me'].map($);
  buttons.forEach(b => { b.disabled = true; });
  try {
    const result = await api.deviceCall('device/challenges/answer', claims, pins);
    $('challenge-pin').value = '';
    if (result.status === 204) {
      const text = {approve: messages.TEXTS.approved, deny: messages.TEXTS.denied, 'report-fraud': messages.TEXTS.reported}[decision];
      finish(item, text);
    } else if (result.problem?.name === 'wrong-pin') {
      warn(messages.deviceProblem(result.problem)); // the request stays open: the citizen may try again
    } else {
      finish(item, null);
      warn(messages.deviceProblem(result.problem));
    }
  } catch (e) {
    warn(messages.TEXTS.offline);
  } finally {
    buttons.forEach(b => { b.disabled = false; });
  }
}

function finish(item, text) {
  clearInterval(countdownTimer);
  done(item, text || 'Demande terminée.');
  current = null;
  showPhone();
  if (text) say(text);
}

// --- settings ------------------------------------------------------------------------------------------------------

function openSettings(form, title) {
  for (const id of ['pin-change-form', 'unlock-form', 'deactivation-form']) $(id).hidden = id !== form;
  $('settings-title').textContent = title;
  say('');
  show('view-settings');
}

async function settingsCall(event, path, pins, fields, ok) {
  event.preventDefault();
  const result = await api.deviceCall(path, {}, pins);
  fields.forEach(id => { $(id).value = ''; });
  if (result.status === 204) {
    await ok();
  } else {
    warn(messages.deviceProblem(result.problem));
  }
}

function changePin(event) {
  const old = $('old-pin').value;
  const next = $('changed-pin').value;
  if (next !== $('changed-pin-again').value) { event.preventDefault(); return warn(messages.TEXTS.pinsDiffer); }
  const violation = messages.pinViolation(next, enrollment.birthDate());
  if (violation) { event.preventDefault(); return warn(messages.weakPin(violation)); }
  return settingsCall(event, 'device/pin', {pin: [old, 'pin-change-old'], new_pin: [next, 'pin-change-new']},
      ['old-pin', 'changed-pin', 'changed-pin-again'], async () => { await showPhone(); say(messages.TEXTS.pinChanged); });
}

function unlock(event) {
  return settingsCall(event, 'device/sign-in-unlock', {pin: [$('unlock-pin').value, 'sign-in-unlock']}, ['unlock-pin'],
      async () => { await showPhone(); say(messages.TEXTS.unlocked); });
}

function deactivate(event) {
  return settingsCall(event, 'device/deactivation', {pin: [$('deactivation-pin').value, 'deactivation']}, ['deactivation-pin'],
      async () => { await api.forgetDevice(); seen.clear(); $('notifications').replaceChildren(); await home(); say(messages.TEXTS.deactivated); });
}

start().catch(() => warn(messages.TEXTS.offline));
