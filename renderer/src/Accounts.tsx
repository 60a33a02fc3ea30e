import { useApp } from './store.js';

const initials = (name: string) => name.split(/[\s@.]+/).filter(Boolean).slice(0, 2).map((w) => w[0]!.toUpperCase()).join('');

/** Signed-in accounts, and the way to add one: the browser sign-in, or a code for another device. */
export function Accounts() {
  const { accounts, loaded, prompt, signingIn, signIn, cancelSignIn, signOut } = useApp();

  if (signingIn) {
    return (
      <section aria-label="Sign in" className="card">
        <h2 className="card-title">Signing in</h2>
        {prompt?.kind === 'open-url' && (
          <p>
            Finish signing in on the Microsoft page that opened.{' '}
            <a href={prompt.url} target="stratus-sign-in" rel="noopener">Open the sign-in page again</a>
          </p>
        )}
        {prompt?.kind === 'device-code' && (
          <>
            <p>On any device, open <a href={prompt.verificationUri} target="_blank" rel="noreferrer">{prompt.verificationUri}</a> and enter this code:</p>
            <p className="device-code"><strong data-testid="device-code">{prompt.userCode}</strong></p>
          </>
        )}
        {!prompt && <p className="detail">Starting sign-in…</p>}
        <div className="actions">
          <button type="button" onClick={() => void cancelSignIn()}>Cancel</button>
        </div>
      </section>
    );
  }
  if (!loaded) return null;
  // With an account, adding another is a side action in the heading; without one, it is the whole card.
  const adding = (
    <>
      <button type="button" className={accounts.length ? undefined : 'primary'} onClick={() => void signIn('browser')}>
        {accounts.length ? 'Add an account' : 'Sign in to OneDrive'}
      </button>
      <button type="button" onClick={() => void signIn('device-code')}>Use a code instead</button>
    </>
  );

  return (
    <section aria-label="Accounts" className="card">
      <div className="card-head">
        <h2 className="card-title">{accounts.length > 1 ? 'Accounts' : 'Account'}</h2>
        {accounts.length > 0 && <div className="toolbar">{adding}</div>}
      </div>
      {accounts.length === 0 && <p>Sign in to choose the OneDrive folders to keep on this computer.</p>}
      {accounts.length > 0 && (
        <ul className="accounts">
          {accounts.map((a) => (
            <li key={a.id} data-testid="account">
              <span className="avatar" aria-hidden="true">{initials(a.name ?? a.username)}</span>
              <span className="account-text">
                <span className="account-name">{a.name ?? a.username}</span>
                <span className="account-user">{a.username}</span>
                {a.state === 'reconnect' && <span className="account-warning">The sign-in ran out: reconnect to keep syncing.</span>}
              </span>
              {a.state === 'reconnect' ? (
                <button type="button" className="primary" onClick={() => void signIn('browser', a.id)}>Reconnect</button>
              ) : (
                <button type="button" onClick={() => void signOut(a.id)}>Sign out</button>
              )}
            </li>
          ))}
        </ul>
      )}
      {accounts.length === 0 && <div className="actions">{adding}</div>}
    </section>
  );
}
