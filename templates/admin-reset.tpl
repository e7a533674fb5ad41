{{%AUTOESCAPE context="HTML"}}
{{! admin-reset.tpl: the form a one-time link opens, to set a user's
    password. }}
<h1>Set your password</h1>
<p>This link sets the password of {{USER}}, once.</p>
{{#ERROR}}<div class="error-summary" role="alert"><p>{{MESSAGE}}</p></div>
{{/ERROR}}<form class="admin-form" method="post" action="/admin/reset">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<input type="hidden" name="token" value="{{TOKEN}}">
<input type="text" name="username" value="{{USER}}" autocomplete="username" hidden>
<div class="field">
<label for="new-password">New password <span class="hint">at least {{MIN_CHARS}} characters, not a common password</span></label>
<input id="new-password" name="new_password" type="password" minlength="{{MIN_CHARS}}" maxlength="1024" autocomplete="new-password" required>
</div>
<div class="field">
<label for="repeat-password">New password again</label>
<input id="repeat-password" name="repeat_password" type="password" minlength="{{MIN_CHARS}}" maxlength="1024" autocomplete="new-password" required>
</div>
<button type="submit">Set the password</button>
</form>
