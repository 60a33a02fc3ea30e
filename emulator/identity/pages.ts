import { escapeHtml as h } from '../http.js';
import type { Account } from './accounts.js';

const style = `
  body{font:15px/1.45 system-ui,sans-serif;background:#f3f2f1;margin:0;display:flex;justify-content:center}
  main{background:#fff;margin:48px 16px;padding:32px 40px;max-width:440px;width:100%;box-shadow:0 2px 6px #0002}
  h1{font-size:22px;font-weight:600;margin:0 0 16px} .app{font-weight:600}
  ul{padding-left:20px} label.acct{display:flex;gap:10px;align-items:center;padding:8px;border:1px solid #ddd;margin:6px 0;cursor:pointer}
  .buttons{display:flex;gap:8px;justify-content:flex-end;margin-top:24px}
  button{font:inherit;padding:6px 20px;border:1px solid #8a8886;background:#fff;cursor:pointer}
  button.primary{background:#0067b8;border-color:#0067b8;color:#fff} input[type=text]{font:inherit;padding:6px;width:100%;box-sizing:border-box}
  .small{color:#605e5c;font-size:13px}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${h(title)}</title>`
    + `<meta name="viewport" content="width=device-width"><style>${style}</style></head><body><main>${body}</main></body></html>`;
}

function accountPicker(accounts: Account[], preferred?: string): string {
  const chosen = accounts.find((a) => a.username.toLowerCase() === preferred?.toLowerCase()) ?? accounts[0];
  return accounts.map((a) => `<label class="acct"><input type="radio" name="account" value="${h(a.id)}"`
    + `${a === chosen ? ' checked' : ''} aria-label="${h(a.username)}"><span>${h(a.displayName)}<br>`
    + `<span class="small">${h(a.username)}</span></span></label>`).join('');
}

function scopeList(scopes: string[]): string {
  return `<ul>${scopes.map((s) => `<li>${h(s)}</li>`).join('')}</ul>`;
}

/** Pick an account, see what the app asks for, Accept or Deny. */
export function consentPage(o: { action: string; txn: string; clientId: string; scopes: string[]; accounts: Account[]; loginHint?: string }): string {
  return page('Permissions requested', `<h1>Permissions requested</h1>
<form method="post" action="${h(o.action)}">
<input type="hidden" name="txn" value="${h(o.txn)}">
<p>Sign in as:</p>${accountPicker(o.accounts, o.loginHint)}
<p><span class="app">${h(o.clientId)}</span> would like to:</p>${scopeList(o.scopes)}
<p class="small">Accepting lets this app use these permissions until you remove them.</p>
<div class="buttons"><button type="submit" name="decision" value="deny">Deny</button>
<button type="submit" name="decision" value="accept" class="primary">Accept</button></div></form>`);
}

/** `response_mode=form_post`: the browser posts the answer to the loopback redirect by itself. */
export function formPostPage(redirectUri: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields).map(([k, v]) => `<input type="hidden" name="${h(k)}" value="${h(v)}">`).join('');
  return page('Working...', `<form method="post" action="${h(redirectUri)}">${inputs}`
    + `<noscript><p>Script is off: press Continue.</p><button type="submit">Continue</button></noscript></form>`
    + '<script>document.forms[0].submit()</script>');
}

export function deviceLoginPage(o: { action: string; accounts: Account[]; userCode?: string; message?: string }): string {
  return page('Enter code', `<h1>Enter code</h1>${o.message ? `<p>${h(o.message)}</p>` : ''}
<form method="post" action="${h(o.action)}">
<p><label>Code shown on your device<br><input type="text" name="user_code" value="${h(o.userCode ?? '')}" autocomplete="off"></label></p>
<p>Sign in as:</p>${accountPicker(o.accounts)}
<div class="buttons"><button type="submit" name="decision" value="deny">Deny</button>
<button type="submit" name="decision" value="accept" class="primary">Accept</button></div></form>`);
}

export function messagePage(title: string, text: string): string {
  return page(title, `<h1>${h(title)}</h1><p>${h(text)}</p>`);
}
