// A real OpenID Provider for the SSO tests: the npm package `oidc-provider` with a password login.
// Usage: node oidc_provider.mjs <config.json>
// config.json: {"port": 1234, "clients": [...client metadata...], "accounts_file": "accounts.json"}
// accounts.json (read on every login, so tests can change a user's claims between sign-ins):
//   {"alice": {"password": "...", "claims": {"email": "...", "name": "...", ...}}}
import fs from 'node:fs';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const issuer = `http://127.0.0.1:${config.port}`;
const accounts = () => JSON.parse(fs.readFileSync(config.accounts_file, 'utf8'));

const provider = new Provider(issuer, {
  clients: config.clients,
  cookies: { keys: [randomBytes(32).toString('hex')] },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name'],
    campus: ['department', 'title', 'affiliation', 'groups'],
  },
  scopes: ['openid', 'email', 'profile', 'campus', 'offline_access'],
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
  pkce: { required: () => true },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, id) {
    const account = accounts()[id];
    if (!account) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...account.claims }) };
  },
});

const page = (body) =>
  `<!doctype html><html lang="en"><head><title>Campus sign-in (test OpenID Provider)</title></head><body>${body}</body></html>`;
const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return Object.fromEntries(new URLSearchParams(body));
}

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  const { uid, prompt, params } = details;
  if (prompt.name === 'login') {
    if (req.method === 'POST') {
      const form = await readForm(req);
      const account = accounts()[form.login];
      if (account && account.password === form.password) {
        await provider.interactionFinished(req, res, { login: { accountId: form.login } }, { mergeWithLastSubmission: false });
        return;
      }
      res.statusCode = 200;
      res.setHeader('content-type', 'text/html');
      res.end(page(`<h1>Campus sign-in</h1><p role="alert">Wrong username or password.</p>${loginForm(uid)}`));
      return;
    }
    res.setHeader('content-type', 'text/html');
    res.end(page(`<h1>Campus sign-in</h1><p>Signing in to ${escape(params.client_id)}</p>${loginForm(uid)}`));
    return;
  }
  // consent: a first-party campus application, granted without asking.
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: details.session.accountId, clientId: params.client_id });
  if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
  if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

const loginForm = (uid) => `<form method="post" action="/interaction/${uid}">
  <label for="login">Username</label> <input id="login" name="login" autocomplete="username">
  <label for="password">Password</label> <input id="password" name="password" type="password">
  <button type="submit">Sign in</button></form>`;

const callback = provider.callback();
http
  .createServer(async (req, res) => {
    if (req.url.startsWith('/interaction/')) {
      try {
        await interaction(req, res);
      } catch (err) {
        res.statusCode = 400;
        res.end(page(`<h1>Error</h1><p>${escape(err.message)}</p>`));
      }
      return;
    }
    callback(req, res);
  })
  .listen(config.port, '127.0.0.1', () => console.log(`oidc-provider listening on ${issuer}`));
