{{%AUTOESCAPE context="HTML"}}
{{! admin-account.tpl: the signed-in user's own account: role, the
    password form, two-factor sign-in, the sessions and "Sign out
    everywhere". }}
<h1>Your account</h1>
<p>You are {{USER}}, with the role {{ROLE}}.</p>
{{#ERROR}}<div class="error-summary" role="alert"><p>{{MESSAGE}}</p></div>
{{/ERROR}}{{#NOTICE}}<div class="note" role="status"><p>{{MESSAGE}}</p></div>
{{/NOTICE}}<h2>Change your password</h2>
<form class="admin-form" method="post" action="/admin/account">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<input type="hidden" name="action" value="password">
<input type="text" name="username" value="{{USER}}" autocomplete="username" aria-label="User name" hidden>
<div class="field">
<label for="current-password">Current password</label>
<input id="current-password" name="current_password" type="password" maxlength="1024" autocomplete="current-password" required>
</div>
{{>NEW_PASSWORD}}
<button type="submit">Change the password</button>
</form>
<h2>Two-factor sign-in</h2>
{{#TOTP_ON}}<p>On: you sign in with your password and a code from your authenticator app. You have {{RECOVERY_LEFT}} unused recovery codes.</p>
<form class="admin-form" method="post" action="/admin/account">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<input type="hidden" name="action" value="totp-off">
<input type="text" name="username" value="{{USER}}" autocomplete="username" aria-label="User name" hidden>
<div class="field">
<label for="totp-off-password">Password</label>
<input id="totp-off-password" name="current_password" type="password" maxlength="1024" autocomplete="current-password" required>
</div>
<div class="field">
<label for="totp-off-code">Code from the app, or a recovery code</label>
<input id="totp-off-code" name="code" type="text" inputmode="numeric" maxlength="64" autocomplete="one-time-code" required>
</div>
<button type="submit">Switch two-factor sign-in off</button>
</form>
{{/TOTP_ON}}{{#TOTP_OFF}}{{#REQUIRED}}<div class="error-summary" role="alert"><p>Administrators must sign in with a code from an authenticator app. Set it up now: the rest of the admin opens once it is on.</p></div>
{{/REQUIRED}}<p>Off: you sign in with your password alone. With two-factor sign-in on, signing in also asks for a code from an authenticator app on your phone.</p>
<form method="post" action="/admin/account">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<button type="submit" name="action" value="totp-start">Set up two-factor sign-in</button>
</form>
{{/TOTP_OFF}}<h2>Your sessions</h2>
<div class="table-wrap">
<table class="list">
<caption class="visually-hidden">Your sessions</caption>
<thead><tr><th scope="col">Signed in</th><th scope="col">Last used</th><th scope="col"><span class="visually-hidden">Which</span></th></tr></thead>
<tbody>
{{#SESSION}}<tr><td data-label="Signed in">{{STARTED}}</td><td data-label="Last used">{{SEEN}}</td><td>{{#CURRENT}}this browser{{/CURRENT}}</td></tr>
{{/SESSION}}</tbody>
</table>
</div>
<form method="post" action="/admin/account">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<button type="submit" name="action" value="signout">Sign out everywhere</button>
</form>
