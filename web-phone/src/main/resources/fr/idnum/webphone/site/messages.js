// What the citizen reads, French first: the problems of docs/device-api.md ("Problems and what to tell the
// citizen") and of the enrollment service, keyed on the problem's name, never on its English detail.

const GENERIC = 'Une erreur est survenue. Réessayez.';

const DEVICE = {
  'invalid-request': GENERIC,
  'replayed-request': GENERIC,
  'invalid-token': 'Votre session a expiré. Reconnectez-vous.',
  'wrong-client': GENERIC,
  'invalid-device-request': "Ce téléphone n'est plus activé pour votre Identité Numérique. Activez-le à nouveau (vérifiez d'abord l'heure de l'appareil).",
  'device-locked': "Trop de codes erronés : ce téléphone est bloqué. Contactez l'assistance pour recevoir un nouveau code d'activation.",
  'device-exists': "Un autre téléphone est déjà activé. Désactivez-le d'abord.",
  'request-too-large': GENERIC,
  'unsupported-media-type': GENERIC,
  'invalid-pin-envelope': GENERIC,
  'activation-code-expired': 'Ce code d\'activation a expiré. Demandez-en un nouveau.',
  'activation-code-exhausted': 'Trop de codes erronés : ce code ne fonctionne plus. Demandez-en un nouveau.',
  'activation-code-used': "Ce code d'activation a déjà été utilisé. Pour réactiver un téléphone, demandez un nouveau code à l'assistance.",
  'identity-not-verified': "Votre identité n'a pas encore été vérifiée. Présentez votre pièce d'identité lors de la vérification, puis réessayez.",
  'enrollment-suspended': "Votre Identité Numérique est suspendue. Contactez l'assistance.",
  'no-enrollment': "Aucune demande d'Identité Numérique pour ce compte. Commencez votre inscription.",
  'unknown-challenge': "Cette demande de connexion n'existe plus.",
  'challenge-expired': 'La demande a expiré. Recommencez depuis le service.',
  'challenge-answered': 'Cette demande a déjà reçu une réponse ou a été remplacée.',
  'wrong-number': 'Le nombre saisi ne correspond pas. La connexion est refusée : recommencez depuis le service.',
  'enrollment-unavailable': 'Service momentanément indisponible. Réessayez dans un instant.',
};

const ENROLLMENT = {
  'invalid-request': 'Certaines informations sont à corriger : voyez les messages sous les champs.',
  'unreadable-body': GENERIC,
  'enrollment-exists': 'Une inscription est déjà en cours pour ce compte.',
  'wrong-code': 'Code incorrect. Il vous reste {n} essai(s).',
  'phone-already-verified': 'Votre numéro est déjà vérifié.',
  'code-expired': 'Ce code a expiré (10 minutes). Demandez un nouveau code.',
  'code-exhausted': 'Trop de codes erronés : demandez un nouveau code.',
  'too-soon': 'Patientez encore {s} secondes avant de demander un nouveau code.',
  'no-more-codes': "Vous avez demandé trop de codes. Contactez l'assistance.",
  'illegal-transition': "Cette étape n'est pas possible maintenant : rechargez la page.",
  'no-activation-code': "Aucun code d'activation ne peut être envoyé à cette étape.",
  'message-not-sent': "Le message n'a pas pu être envoyé. Réessayez dans un instant.",
  'concurrent-change': 'Votre inscription a changé entre-temps : rechargez la page et réessayez.',
  'recent-sign-in-required': 'Pour votre sécurité, reconnectez-vous avec votre mot de passe, puis réessayez.',
  'internal-error': GENERIC,
};

const WEAK_PIN = {
  'not-four-digits': 'Le code doit comporter 4 chiffres.',
  'all-same-digit': 'Évitez quatre chiffres identiques.',
  'ascending-run': 'Évitez les suites de chiffres (1234, 9876).',
  'descending-run': 'Évitez les suites de chiffres (1234, 9876).',
  'birth-year': "N'utilisez pas votre année de naissance.",
  'birth-day-and-month': "N'utilisez pas votre jour et mois de naissance.",
};

/** The sentence for a refusal of the device API. */
export function deviceProblem(problem) {
  if (!problem) return GENERIC;
  switch (problem.name) {
    case 'weak-pin': return WEAK_PIN[problem.violation] || WEAK_PIN['not-four-digits'];
    case 'wrong-pin': {
      const n = problem.attempts_left;
      const text = `Code secret incorrect. Il vous reste ${n} essai(s).`;
      return n === 1 ? text + ' Attention : un nouveau code erroné bloquera ce téléphone.' : text;
    }
    case 'wrong-activation-code':
      return problem.attempts_left === undefined ? "Code d'activation incorrect."
          : `Code d'activation incorrect. Il vous reste ${problem.attempts_left} essai(s).`;
    case 'activation-code-not-yet-valid': {
      const when = new Date(problem.not_before);
      return "Ce code vous a été envoyé par courrier après un changement de téléphone ou de numéro. Pour votre sécurité, "
          + `il ne fonctionnera qu'à partir du ${when.toLocaleDateString('fr-FR', {dateStyle: 'long'})} à `
          + `${when.toLocaleTimeString('fr-FR', {hour: '2-digit', minute: '2-digit'})}. Gardez-le.`;
    }
    default: return DEVICE[problem.name] || GENERIC;
  }
}

/** The sentence for a refusal of the enrollment service. */
export function enrollmentProblem(answer) {
  const problem = answer.problem;
  if (!problem) return GENERIC;
  const text = ENROLLMENT[problem.name] || DEVICE[problem.name] || GENERIC;
  return text.replace('{n}', problem.attempts_left ?? '?').replace('{s}', answer.retryAfter ?? '60');
}

/** The French rule of an identity field, shown under it when the service refuses its value. */
export const FIELD_RULES = {
  documentType: 'Choisissez le type de pièce.',
  documentNumber: "Numéro invalide : carte d'identité, 12 chiffres (avant 2021) ou 9 lettres et chiffres ; passeport, 2 chiffres, 2 lettres, 5 chiffres (18AB12345) ; titre de séjour, 10 lettres et chiffres.",
  documentIssueDate: "Date de délivrance : pas dans le futur, avant la date d'expiration ; obligatoire pour un titre de séjour, qui doit être valable plus de 5 ans.",
  documentExpiryDate: "Date d'expiration : la pièce doit être encore valable.",
  gender: 'Indiquez le sexe inscrit sur la pièce.',
  givenNames: 'Prénoms : lettres, apostrophes et traits d’union, séparés par des espaces ; 10 prénoms au plus.',
  birthName: 'Nom de naissance : lettres, apostrophes et traits d’union, un seul espace entre deux mots.',
  usageName: "Nom d'usage : mêmes règles que le nom de naissance.",
  birthDate: 'Date de naissance : vous devez avoir 18 ans ou plus.',
  birthCountry: 'Pays de naissance : choisissez-le dans la liste (un pays qui n’existe plus, comme la Tchécoslovaquie, y figure).',
  birthPlace: "Commune de naissance : code INSEE de la commune (75107 pour Paris 7e, 2A004 pour Ajaccio), seulement si vous êtes né(e) en France.",
  nationality: "Nationalité : française avec une carte d'identité ou un passeport français, étrangère avec un titre de séjour.",
  'address.line1': 'Adresse : obligatoire, 256 caractères au plus.',
  'address.line2': "Complément d'adresse : 256 caractères au plus.",
  'address.postalCode': 'Code postal français à 5 chiffres (outre-mer compris : 971 à 976).',
  'address.city': 'Commune : obligatoire, 128 caractères au plus.',
  mobilePhone: 'Un numéro de mobile français : 06, 07, ou un mobile d’outre-mer (0690, 0692, 0639…), ou au format +33 / +262…',
  email: 'Une adresse électronique valide.',
  code: 'Le code comporte 6 chiffres.',
  mode: 'Choisissez une façon de vérifier votre identité.',
  postmanVisitDate: 'Date de passage du facteur : de demain à dans 30 jours.',
};

/** The field an error of the service names (givenNames[0].<list element> → givenNames). */
export const fieldOf = error => String(error.field || '').replace(/\[.*$/, '');

export const TEXTS = {
  signInFailed: 'La connexion a échoué. Réessayez.',
  activated: 'Téléphone activé. Vos demandes de connexion apparaîtront ici.',
  pinsDiffer: 'Les deux codes saisis sont différents.',
  approved: 'Connexion validée.',
  denied: 'Connexion refusée.',
  reported: "Signalement enregistré : toutes les connexions à votre Identité Numérique sont bloquées jusqu'à ce que vous les débloquiez avec votre code secret.",
  unlocked: 'Vos connexions sont à nouveau possibles.',
  pinChanged: 'Votre code secret a été changé.',
  deactivated: 'Ce téléphone a été désactivé et oublié par ce navigateur.',
  numberRequired: 'Saisissez le nombre à deux chiffres affiché sur votre écran de connexion.',
  pinRequired: 'Saisissez votre code secret à 4 chiffres.',
  replaces: "Cette demande remplace une demande précédente. Si vous n'êtes pas à l'origine des deux, refusez.",
  badChallenge: "Une demande reçue n'a pas pu être vérifiée : elle n'est pas affichée.",
  offline: 'Impossible de joindre le service. Nouvel essai dans quelques secondes.',
};

/** The PIN rules of docs/device-api.md, checked before sending (the server checks them again). */
export function pinViolation(pin, birthDate) {
  if (!/^[0-9]{4}$/.test(pin)) return 'not-four-digits';
  const d = [...pin].map(Number);
  if (d.every(x => x === d[0])) return 'all-same-digit';
  if (d.every((x, i) => i === 0 || x === d[i - 1] + 1)) return 'ascending-run';
  if (d.every((x, i) => i === 0 || x === d[i - 1] - 1)) return 'descending-run';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate || '');
  if (match) {
    if (pin === match[1]) return 'birth-year';
    if (match[2] !== '00' && match[3] !== '00' && (pin === match[3] + match[2] || pin === match[2] + match[3])) {
      return 'birth-day-and-month';
    }
  }
  return null;
}

export const weakPin = violation => WEAK_PIN[violation];
