// Kept apart from password.ts, which loads the native argon2 binding, so that request schemas built on
// these limits can run in the browser too.
export const minPasswordLength = 12;
export const maxPasswordLength = 256;
