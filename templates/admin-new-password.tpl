{{%AUTOESCAPE context="HTML"}}
{{! admin-new-password.tpl: a new password, typed twice (the account
    page and a one-time link's form). }}
<div class="field">
<label for="new-password">New password <span class="hint">at least {{MIN_CHARS}} characters, not a common password</span></label>
<input id="new-password" name="new_password" type="password" minlength="{{MIN_CHARS}}" maxlength="1024" autocomplete="new-password" required>
</div>
<div class="field">
<label for="repeat-password">New password again</label>
<input id="repeat-password" name="repeat_password" type="password" minlength="{{MIN_CHARS}}" maxlength="1024" autocomplete="new-password" required>
</div>
