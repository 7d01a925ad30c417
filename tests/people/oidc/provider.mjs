// A real OpenID Connect provider for the tests (the npm package oidc-provider), with one client
// and a few test accounts. Settings come from the environment:
//   OIDC_PORT           the loopback port to listen on
//   OIDC_ISSUER         the issuer it names itself (default http://127.0.0.1:<port>)
//   OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URIS (space-separated)
//   OIDC_CODE_TTL       seconds an authorisation code lasts (default 60)
//   OIDC_ACCOUNTS       JSON: {"<account id>": {"email": "...", "email_verified": true, "name": "..."}}
// The sign-in page lists the accounts, one button each, so a test (or a browser) picks who signs
// in; consent is granted at once, as a partner's own first-party provider would.
import http from 'node:http';
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT);
const issuer = process.env.OIDC_ISSUER || `http://127.0.0.1:${port}`;
const accounts = JSON.parse(process.env.OIDC_ACCOUNTS || '{}');

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.OIDC_CLIENT_ID,
    client_secret: process.env.OIDC_CLIENT_SECRET,
    redirect_uris: (process.env.OIDC_REDIRECT_URIS || '').split(' ').filter(Boolean),
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  cookies: { keys: ['test-provider-cookie-key'] },
  ttl: { AuthorizationCode: Number(process.env.OIDC_CODE_TTL || 60), Interaction: 600, Session: 3600, Grant: 3600, IdToken: 3600, AccessToken: 3600 },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, id) {
    const account = accounts[id];
    if (!account) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...account }; } };
  },
  async loadExistingGrant(ctx) {
    // Consent is implied: every requested scope is granted to the one client.
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope(ctx.oidc.requestParamScopes ? [...ctx.oidc.requestParamScopes].join(' ') : 'openid email profile');
    await grant.save();
    return grant;
  },
});

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

const server = http.createServer(async (req, res) => {
  const match = req.url.match(/^\/interaction\/([^/?]+)(\/login)?/);
  if (!match) return provider.callback()(req, res);
  try {
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'POST' && match[2]) {
      const form = await readForm(req);
      const accountId = form.get('account');
      if (!accounts[accountId]) { res.statusCode = 400; return res.end('unknown account'); }
      return provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
    }
    const buttons = Object.entries(accounts).map(([id, account]) => (
      `<button type="submit" name="account" value="${escape(id)}">Sign in as ${escape(account.email)}</button>`
    )).join('\n');
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title>
<style>button { display: block; margin: 12px 0; padding: 12px 16px; font-size: 16px; }</style></head>
<body><main><h1>Test identity provider</h1>
<form method="post" action="/interaction/${escape(details.uid)}/login">${buttons}</form></main></body></html>`);
  } catch (error) {
    res.statusCode = 400;
    res.end(`interaction failed: ${error.message}`);
  }
});

server.listen(port, '127.0.0.1', () => console.log(`listening on ${issuer}`));
