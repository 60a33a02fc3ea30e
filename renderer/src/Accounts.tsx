import { useApp } from './store.js';

/** Signed-in accounts, and the way to add one: the browser sign-in, or a code for another device. */
export function Accounts() {
  const { accounts, prompt, signingIn, signIn, cancelSignIn, signOut } = useApp();

  if (signingIn) {
    return (
      <section aria-label="Sign in" className="panel">
        {prompt?.kind === 'open-url' && (
          <p>
            Finish signing in on the Microsoft page.{' '}
            <a href={prompt.url} target="stratus-sign-in" rel="noopener">Open the sign-in page</a>
          </p>
        )}
        {prompt?.kind === 'device-code' && (
          <p>
            On any device, open <a href={prompt.verificationUri} target="_blank" rel="noreferrer">{prompt.verificationUri}</a>{' '}
            and enter the code <strong data-testid="device-code">{prompt.userCode}</strong>.
          </p>
        )}
        {!prompt && <p>Starting sign-in…</p>}
        <button type="button" onClick={() => void cancelSignIn()}>Cancel</button>
      </section>
    );
  }

  return (
    <section aria-label="Accounts" className="panel">
      {accounts.length === 0 && <p>Sign in to choose the OneDrive folders to keep on this computer.</p>}
      <ul className="accounts">
        {accounts.map((a) => (
          <li key={a.id} data-testid="account">
            <span className="account-name">{a.name ?? a.username}</span>
            <span className="account-user">{a.username}</span>
            {a.state === 'reconnect' ? (
              <button type="button" onClick={() => void signIn('browser', a.id)}>Reconnect</button>
            ) : (
              <button type="button" className="link" onClick={() => void signOut(a.id)}>Sign out</button>
            )}
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" className="primary" onClick={() => void signIn('browser')}>
          {accounts.length ? 'Add an account' : 'Sign in to OneDrive'}
        </button>
        <button type="button" className="link" onClick={() => void signIn('device-code')}>Use a code instead</button>
      </div>
    </section>
  );
}
