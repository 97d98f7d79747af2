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
    failed: 'The password was not set.',
  },
  es: {
    title: 'Elija una contraseña nueva',
    password: 'Contraseña nueva (12 caracteres como mínimo)',
    repeat: 'La misma contraseña otra vez',
    submit: 'Guardar la contraseña',
    mismatch: 'Las dos contraseñas no coinciden: escriba la misma dos veces.',
    missingToken: 'Este enlace no lleva el código: abra de nuevo el enlace del correo o pida otro.',
    done: 'Su contraseña está guardada. Entre con ella; las demás sesiones de su cuenta se han cerrado.',
    failed: 'No se ha guardado la contraseña.',
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
  const response = await fetch('/v1/auth/password-resets', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ token, newPassword }),
  });
  if (response.ok) {
    form.hidden = true;
    status.textContent = text.done;
    return;
  }
  const body = await response.json().catch(() => undefined);
  const detail = body && typeof body.detail === 'string' ? body.detail : response.statusText;
  error.textContent = `${text.failed} ${detail}`;
});
