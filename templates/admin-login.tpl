{{%AUTOESCAPE context="HTML"}}
{{! admin-login.tpl: the login form. }}
<h1>Log in</h1>
{{#ERROR}}<div class="error-summary" role="alert"><p>{{MESSAGE}}</p></div>
{{/ERROR}}
<form class="admin-form" method="post" action="/admin/login">
<input type="hidden" name="next" value="{{NEXT}}">
{{#KEPT}}<input type="hidden" name="kept" value="{{KEY}}">
{{/KEPT}}<div class="field">
<label for="username">User name</label>
<input id="username" name="username" type="text" value="{{USERNAME}}" maxlength="200" autocomplete="username" required>
</div>
<div class="field">
<label for="password">Password</label>
<input id="password" name="password" type="password" maxlength="1024" autocomplete="current-password" required>
</div>
<button type="submit">Log in</button>
</form>
