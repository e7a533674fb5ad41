{{%AUTOESCAPE context="HTML"}}
{{! admin-login-code.tpl: the second step of signing in: the code of
    the authenticator app, or a recovery code. }}
<h1>Sign-in code</h1>
<p>The password of {{USER}} is right. Type the code your authenticator app shows now, or one of your recovery codes.</p>
{{#ERROR}}<div class="error-summary" role="alert"><p>{{MESSAGE}}</p></div>
{{/ERROR}}<form class="admin-form" method="post" action="/admin/login-code">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<div class="field">
<label for="code">Code</label>
<input id="code" name="code" type="text" inputmode="numeric" maxlength="64" autocomplete="one-time-code" required>
</div>
<button type="submit">Sign in</button>
</form>
<p><a href="/admin/login">Start again</a></p>
