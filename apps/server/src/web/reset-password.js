/* global document, window */
// Page of the reset link in "forgot password" mails. The token travels in the URL fragment, which the
// browser never sends to a server, and it is removed from the address bar as soon as the page reads it.
const texts = {
  en: {
    title: 'Choose a new password',
    password: 'New password (at least 12 characters)',
    repeat: 'The same password again',
    submit: 'Set password',
    mismatch: 'The two passwords differ: type the same password twice.',
    missingToken: 'This link has no reset token: open the link of the email again, or request a new one.',
    done: 'Your password is set. Sign in with it; every other session of your account has ended.',
    signIn: 'Go to sign-in',
    failed: 'The password was not set.',
    offline: 'The server could not be reached: check the connection and try again.',
    errors: {
      'AUTH.INVALID_RESET_TOKEN':
        'This link is unknown, used or expired: request a new one with "Forgot your password?" on the sign-in page, or ask an administrator.',
      'IDENTITY.PASSWORD_TOO_WEAK':
        'The password must have 12 to 256 characters; a few unrelated words make a strong one.',
      'HTTP.TOO_MANY_REQUESTS': 'Too many attempts: wait a minute and try again.',
    },
  },
  es: {
    title: 'Elija una contraseña nueva',
    password: 'Contraseña nueva (12 caracteres como mínimo)',
    repeat: 'La misma contraseña otra vez',
    submit: 'Guardar la contraseña',
    mismatch: 'Las dos contraseñas no coinciden: escriba la misma dos veces.',
    missingToken: 'Este enlace no lleva el código: abra de nuevo el enlace del correo o pida otro.',
    done: 'Su contraseña está guardada. Entre con ella; las demás sesiones de su cuenta se han cerrado.',
    signIn: 'Ir a iniciar sesión',
    failed: 'No se ha guardado la contraseña.',
    offline: 'No se ha podido conectar con el servidor: compruebe la conexión y vuelva a intentarlo.',
    errors: {
      'AUTH.INVALID_RESET_TOKEN':
        'Este enlace no es válido, ya se usó o ha caducado: pida otro con «¿Ha olvidado su contraseña?» en la página de inicio de sesión, o pregunte a un administrador.',
      'IDENTITY.PASSWORD_TOO_WEAK':
        'La contraseña debe tener de 12 a 256 caracteres; unas cuantas palabras sin relación entre sí forman una segura.',
      'HTTP.TOO_MANY_REQUESTS': 'Demasiados intentos: espere un minuto y vuelva a intentarlo.',
    },
  },
};

const language = new URLSearchParams(window.location.search).get('lang') === 'es' ? 'es' : 'en';
const text = texts[language];
const token = new URLSearchParams(window.location.hash.slice(1)).get('token');
window.history.replaceState(null, '', window.location.pathname + window.location.search);

document.documentElement.lang = language;
document.title = `Open CIS: ${text.title}`;
document.getElementById('title').textContent = text.title;
document.getElementById('password-label').textContent = text.password;
document.getElementById('repeat-label').textContent = text.repeat;
document.getElementById('submit').textContent = text.submit;
document.getElementById('sign-in-link').textContent = text.signIn;

const form = document.getElementById('reset-form');
const status = document.getElementById('status');
const error = document.getElementById('error');

if (!token) error.textContent = text.missingToken;

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  const newPassword = document.getElementById('new-password').value;
  if (newPassword !== document.getElementById('repeat-password').value) {
    error.textContent = text.mismatch;
    return;
  }
  if (!token) {
    error.textContent = text.missingToken;
    return;
  }
  let response;
  try {
    response = await fetch('/v1/auth/password-resets', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ token, newPassword }),
    });
  } catch {
    error.textContent = text.offline;
    return;
  }
  if (response.ok) {
    form.hidden = true;
    status.textContent = text.done;
    document.getElementById('sign-in').hidden = false;
    return;
  }
  const body = await response.json().catch(() => undefined);
  error.textContent = `${text.failed} ${describeProblem(body, response.statusText)}`;
});

/**
 * Returns the message for a problem+json body in the page's language. The server writes its details in
 * English, so the codes a user can meet here have their own text, and any other code shows the detail.
 */
function describeProblem(body, statusText) {
  const code = body && typeof body.code === 'string' ? body.code : '';
  if (code in text.errors) return text.errors[code];
  // A password or token outside the request schema's limits fails validation before the checks above.
  const fields = body && Array.isArray(body.errors) ? body.errors.map((issue) => issue.path) : [];
  if (fields.includes('newPassword')) return text.errors['IDENTITY.PASSWORD_TOO_WEAK'];
  if (fields.includes('token')) return text.errors['AUTH.INVALID_RESET_TOKEN'];
  return body && typeof body.detail === 'string' ? body.detail : statusText;
}
