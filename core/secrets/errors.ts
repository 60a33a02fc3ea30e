/** Why a secret could not be stored or read; `kind` tells the UI what to offer. */
export type SecretErrorKind =
  /** No OS keychain answered (Linux: no Secret Service running). Offer: install one, or opt in to the file store. */
  | 'no-keychain'
  /** The keychain answered with an error while in use. Offer: retry. */
  | 'keychain-failed'
  /** An encrypted blob failed authentication: it was modified or belongs to another entry. Offer: sign in again. */
  | 'tampered'
  /** The keychain points at a blob file that is gone. Offer: sign in again. */
  | 'missing-blob'
  /** Reading or writing the store's folder failed. */
  | 'io';

export class SecretStoreError extends Error {
  constructor(
    readonly kind: SecretErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'SecretStoreError';
  }
}

/** Linux wording matters most: that is where a keychain is most often missing. */
export function noKeychainMessage(platform: NodeJS.Platform, cause: string): string {
  const what =
    platform === 'linux'
      ? 'Install and start a Secret Service provider such as gnome-keyring (Debian/Ubuntu: `sudo apt install ' +
        'gnome-keyring libsecret-1-0`) or KeePassXC with Secret Service integration, make sure it is unlocked, and ' +
        'log in again so your session has a D-Bus connection.'
      : platform === 'darwin'
        ? 'Make sure your login keychain exists and is unlocked (Keychain Access).'
        : 'Make sure Windows Credential Manager is available for your account.';
  return `Stratus keeps sign-in tokens in your system keychain, and none is available (${cause}). ${what} ` +
    'Alternatively, allow the less secure file store in the settings.';
}
