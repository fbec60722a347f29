/** A deliverable-looking address: one `@`, no spaces, a dotted domain without empty labels. */
const EMAIL = /^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$/;

export function isValidEmail(email: string): boolean {
  return EMAIL.test(email);
}
