// The enrollment steps of docs/device-api.md ("Enrollment service API"): identity, SMS code, choice of the identity
// check, then the way to the activation. Refusals are problem+json: the message is chosen by the problem's name,
// and an invalid identity marks each refused field with its rule, in French.
import * as api from './api.js';
import * as messages from './messages.js';

const $ = id => document.getElementById(id);
const FORMS = ['identity-form', 'sms-form', 'mode-form'];
let ui;
let enrollment = null;
let countriesFilled = false;
const FRANCE = '99100';

export const birthDate = () => enrollment?.birthDate;

const STATES = {
  DRAFT: 'Inscription commencée : confirmez votre numéro de mobile.',
  PHONE_VERIFIED: 'Numéro vérifié : choisissez comment vérifier votre identité.',
  AWAITING_VERIFICATION: "En attente de la vérification de votre identité.",
  VERIFIED: 'Identité vérifiée : vous pouvez activer ce téléphone.',
  ACTIVE: "Votre Identité Numérique est active avec un autre téléphone. Pour activer celui-ci, il vous faut un nouveau code d'activation (assistance).",
  SUSPENDED: "Votre Identité Numérique est suspendue. Contactez l'assistance.",
};

const WAITING = {
  POST_OFFICE: "Votre code d'activation vous a été envoyé par SMS. Présentez-le avec votre pièce d'identité à un agent du bureau de poste ; après sa vérification, saisissez-le ici.",
  POSTMAN: "Votre code d'activation vous a été envoyé par SMS. Présentez-le avec votre pièce d'identité au facteur ; après sa vérification, saisissez-le ici.",
  REMOTE: "Votre identité est vérifiée à distance. Le code d'activation vous sera envoyé par lettre recommandée électronique.",
};

export function wire(callbacks) {
  ui = callbacks;
  $('identity-form').addEventListener('submit', submitIdentity);
  $('sms-form').addEventListener('submit', submitSms);
  $('sms-resend').addEventListener('click', resendSms);
  $('mode-form').addEventListener('submit', submitMode);
}

/** Reads the enrollment and shows the step it is at. */
export async function refresh(callbacks = ui) {
  ui = callbacks;
  const answer = await api.enrollment('GET', '/current');
  FORMS.forEach(id => { $(id).hidden = true; });
  $('go-activation').hidden = $('go-activation-intro').hidden = true;
  if (answer.signIn) {
    api.signOut();
    ui.show('view-welcome');
    ui.warn(messages.enrollmentProblem({problem: {name: 'invalid-token'}}));
    return;
  }
  if (answer.status === 404) {
    enrollment = null;
    $('enrollment-state').textContent = "Vous n'avez pas encore d'inscription : commencez par votre identité.";
    $('identity-form').hidden = false;
    await fillCountries();
    return;
  }
  if (!answer.ok) {
    ui.warn(messages.enrollmentProblem(answer));
    return;
  }
  enrollment = answer.json;
  const state = enrollment.state;
  $('enrollment-state').textContent = state === 'AWAITING_VERIFICATION'
      ? WAITING[enrollment.verificationMode] || STATES[state] : STATES[state] || state;
  if (state === 'DRAFT') {
    $('sms-number').textContent = enrollment.mobilePhone;
    $('sms-outbox').href = api.settings().smsOutbox + '?to=' + encodeURIComponent(enrollment.mobilePhone);
    $('sms-form').hidden = false;
  } else if (state === 'PHONE_VERIFIED') {
    $('mode-form').hidden = false;
  } else if (['AWAITING_VERIFICATION', 'VERIFIED', 'ACTIVE'].includes(state)) {
    $('go-activation').hidden = $('go-activation-intro').hidden = false;
  }
}

/**
 * The birth country and nationality pickers, with the names of the service's own country list (France chosen
 * first). A former state (e.g. Tchécoslovaquie) can be a birth country, never a nationality.
 */
async function fillCountries() {
  if (countriesFilled) return;
  let list = null;
  try {
    list = await api.countries();
  } catch (e) {
    list = null;
  }
  if (!list) {
    ui.warn("La liste des pays n'a pas pu être chargée : seule la France est proposée. Rechargez la page pour réessayer.");
    return;
  }
  fillPicker($('birthCountry'), list, c => (c.inUse ? c.name : `${c.name} (ancien pays)`));
  fillPicker($('nationality'), list.filter(c => c.inUse), c => c.name);
  countriesFilled = true;
}

function fillPicker(select, list, label) {
  const chosen = select.value || FRANCE;
  select.replaceChildren(...list.map(country => {
    const option = document.createElement('option');
    option.value = country.code;
    option.textContent = label(country);
    return option;
  }));
  select.value = list.some(c => c.code === chosen) ? chosen : FRANCE;
}

function clearErrors(form) {
  for (const error of form.querySelectorAll('.field-error')) error.textContent = '';
  for (const field of form.querySelectorAll('[aria-invalid]')) field.removeAttribute('aria-invalid');
}

/** Marks each field the service refused with its French rule; focuses the first. Answers whether any was marked. */
function markErrors(form, answer) {
  let first = null;
  for (const error of answer.problem?.errors || []) {
    const name = messages.fieldOf(error);
    const field = form.querySelector(`[name="${CSS.escape(name)}"]`);
    const slot = document.getElementById(`${name}-error`);
    if (slot) slot.textContent = messages.FIELD_RULES[name] || 'Valeur refusée.';
    if (field) {
      field.setAttribute('aria-invalid', 'true');
      first = first || field;
    }
  }
  first?.focus();
  return first !== null;
}

function identity(form) {
  const value = name => form.elements[name].value.trim();
  const optional = name => value(name) || undefined;
  return {
    documentType: value('documentType'),
    documentNumber: value('documentNumber'),
    documentIssueDate: optional('documentIssueDate'),
    documentExpiryDate: value('documentExpiryDate'),
    gender: value('gender'),
    givenNames: value('givenNames').split(/\s+/).filter(Boolean),
    birthName: value('birthName'),
    usageName: optional('usageName'),
    birthDate: value('birthDate'),
    birthCountry: value('birthCountry'),
    birthPlace: optional('birthPlace'),
    nationality: value('nationality'),
    address: {line1: value('address.line1'), line2: optional('address.line2'), postalCode: value('address.postalCode'),
      city: value('address.city')},
    mobilePhone: value('mobilePhone'),
    email: value('email'),
  };
}

async function send(form, button, method, path, body, ok) {
  clearErrors(form);
  $(button).disabled = true;
  try {
    const answer = await api.enrollment(method, path, body);
    if (answer.ok) {
      ui.say('');
      await ok(answer);
    } else {
      markErrors(form, answer);
      ui.warn(messages.enrollmentProblem(answer));
    }
  } catch (e) {
    ui.warn(messages.TEXTS.offline);
  } finally {
    $(button).disabled = false;
  }
}

function submitIdentity(event) {
  event.preventDefault();
  const form = event.target;
  return send(form, 'identity-button', 'POST', '', identity(form), async () => {
    await refresh();
    ui.say('Inscription enregistrée : un code vous a été envoyé par SMS.');
  });
}

function submitSms(event) {
  event.preventDefault();
  return send(event.target, 'sms-button', 'POST', '/current/phone-verification', {code: $('sms-code').value.trim()}, async () => {
    $('sms-code').value = '';
    await refresh();
    ui.say('Numéro de mobile vérifié.');
  });
}

function resendSms() {
  return send($('sms-form'), 'sms-resend', 'POST', '/current/phone-verification/resend', undefined,
      async () => ui.say('Un nouveau code vous a été envoyé par SMS ; le précédent ne fonctionne plus.'));
}

function submitMode(event) {
  event.preventDefault();
  const form = event.target;
  const mode = form.elements.mode.value;
  const body = {mode};
  if (mode === 'POSTMAN') body.postmanVisitDate = $('postmanVisitDate').value;
  return send(form, 'mode-button', 'POST', '/current/verification-mode', body, async () => {
    await refresh();
    ui.say('Votre choix est enregistré.');
  });
}
