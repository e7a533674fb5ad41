{{%AUTOESCAPE context="HTML"}}
{{! admin-totp.tpl: setting up two-factor sign-in: the key, shown once,
    and the form that switches it on with a code from the app; then the
    recovery codes, shown once. }}
<h1>Two-factor sign-in</h1>
{{#ERROR}}<div class="error-summary" role="alert"><p>{{MESSAGE}}</p></div>
{{/ERROR}}{{#ENROL}}{{#SECRET}}<p>Add this key to an authenticator app on your phone (such as FreeOTP, Aegis or Google Authenticator). It is shown only now: nobody, not even an administrator, can see it again.</p>
<dl class="totp-key">
<dt>Key</dt><dd><code id="totp-secret">{{SECRET}}</code></dd>
<dt>Account</dt><dd>{{ACCOUNT}}</dd>
<dt>Kind</dt><dd>time-based, 6 digits, every 30 seconds</dd>
<dt>Key address, for apps that take one</dt><dd><code id="totp-uri">{{URI}}</code></dd>
</dl>
{{/SECRET}}<p>Then type the code the app shows, to switch two-factor sign-in on.</p>
<form class="admin-form" method="post" action="/admin/account">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<input type="hidden" name="action" value="totp-confirm">
<div class="field">
<label for="totp-code">Code</label>
<input id="totp-code" name="code" type="text" inputmode="numeric" maxlength="64" autocomplete="one-time-code" required>
</div>
<button type="submit">Switch two-factor sign-in on</button>
</form>
<form method="post" action="/admin/account">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<button type="submit" name="action" value="totp-start">Start again with a new key</button>
</form>
{{/ENROL}}{{#CODES}}<p>Two-factor sign-in is on. From now on you sign in with your password and a code from the app.</p>
<p>If you lose the phone, these recovery codes sign you in instead, each once. Write them down or print them, and keep them apart from your password. They are shown only now.</p>
<ol class="recovery-codes">
{{#CODE}}<li><code>{{VALUE}}</code></li>
{{/CODE}}</ol>
<p><a href="/admin/account">Back to your account</a></p>
{{/CODES}}
