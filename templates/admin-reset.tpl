{{%AUTOESCAPE context="HTML"}}
{{! admin-reset.tpl: the form a one-time link opens, to set a user's
    password. }}
<h1>Set your password</h1>
<p>This link sets the password of {{USER}}, once.</p>
{{#ERROR}}<div class="error-summary" role="alert"><p>{{MESSAGE}}</p></div>
{{/ERROR}}<form class="admin-form" method="post" action="/admin/reset">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<input type="hidden" name="token" value="{{TOKEN}}">
<input type="text" name="username" value="{{USER}}" autocomplete="username" aria-label="User name" hidden>
{{>NEW_PASSWORD}}
<button type="submit">Set the password</button>
</form>
